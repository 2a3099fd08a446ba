{ config, lib, pkgs, ... }:
let
  cfg = config.services.demo;
  inherit (lib) mkIf mkOption types;
in
{
  options.services.demo = {
    enable = lib.mkEnableOption "the demo service";
    port = mkOption { type = types.port; default = 8080; };
  };
  config = mkIf cfg.enable {
    networking.firewall.allowedTCPPorts = [ cfg.port ];
    systemd.services.demo.serviceConfig.ExecStart = "${pkgs.hello}/bin/hello --port ${toString cfg.port}";
  };
}
