x: {
  here = ./.;
  file = ./sub/../file.nix;
  absolute = /etc/hosts;
  withVariable = ./machines/${x}/configuration.nix;
  afterSlash = ./machines/${x};
  relative = machines/a;
}
