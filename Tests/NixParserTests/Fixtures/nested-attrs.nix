{
  services.ssh.enable = true;
  services.ssh = { port = 22; };
  services = { httpd.enable = false; };
  "quoted name".x = 1;
  a.b.c.d = 1;
  a.b.e = 2;
  inherit (builtins) map filter;
  x = { inherit (builtins) head; y = 1; };
  x.z = 2;
}
