{ config, lib ? null, ... }:
let
  cfg = config.services.x or { };
  port = cfg.port or 8080;
  deep = config.a.b.c.d or config.a.b or null;
  quoted = config."with space".${"static"} or config.${lib};
in [
  cfg port deep quoted
  (config ? services)
  (config ? services.x.enable)
  (config.services ? "x")
  (builtins.map (x: x.name or "unnamed") [ ])
]
