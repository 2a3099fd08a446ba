src: {
  services.nginx.enable = true;
  services.nginx.virtualHosts."example.org" = { root = "/srv"; };
  services.openssh = { enable = true; };
  services.openssh.ports = [ 22 ];
  users = rec { alice = 1; bob = alice; };
  users.carol = 3;
  inherit (src) version;
  inherit src;
  ${"static"} = "name";
  ${src.dynamic} = "value";
  "quoted.name" = 1;
}
