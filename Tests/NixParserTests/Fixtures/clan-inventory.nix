# A clan inventory in the form of clan's documentation.
{ buildClan ? null, lib ? null }:
{
  inventory = {
    meta.name = "demo";
    machines = {
      jon.tags = [ "backup" ];
      "backup_server" = { deploy.targetHost = "root@10.0.0.1"; };
    };
    services.borgbackup.instance_1 = {
      roles.client.tags = [ "backup" ];
      roles.server.machines = [ "backup_server" ];
      config.destinations.main.repo = "borg@backup_server:./borgbackup";
    };
    instances.zerotier = {
      module = { name = "zerotier"; input = null; };
      roles.peer.tags.all = { };
    };
  };
}
