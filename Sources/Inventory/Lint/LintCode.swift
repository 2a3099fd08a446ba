import NixLexer

/// The findings `nixinv lint` reports: each code is a stable name, with a severity, a one-line
/// summary and an explanation with a wrong and a fixed example (`nixinv explain CODE`).
public enum LintCode: String, CaseIterable, Sendable {
  case syntaxError = "syntax-error"
  case undefinedVariable = "undefined-variable"
  case duplicateAttribute = "duplicate-attribute"
  case unusedBinding = "unused-binding"
  case evalError = "eval-error"
  case unknownOption = "unknown-option"
  case unknownSetting = "unknown-setting"
  case wrongType = "wrong-type"
  case missingSetting = "missing-setting"
  case removedRole = "removed-role"
  case invalidName = "invalid-name"
  case missingMetaName = "missing-meta-name"
  case unknownMachine = "unknown-machine"
  case unknownTag = "unknown-tag"
  case unknownModule = "unknown-module"
  case unknownRole = "unknown-role"
  case roleConstraint = "role-constraint"
  case maxInstances = "max-instances"
  case configConflict = "config-conflict"
  case sharedNamespace = "shared-namespace"
  case deprecatedModule = "deprecated-module"
  case legacyServices = "legacy-services"
  case unusedMachine = "unused-machine"

  /// How serious a finding of this code is.
  public var severity: Severity {
    switch self {
    case .unusedBinding, .missingMetaName, .unknownTag, .sharedNamespace, .deprecatedModule: .warning
    case .legacyServices, .unusedMachine: .note
    default: .error
    }
  }

  /// One line: what the code reports.
  public var summary: String {
    switch self {
    case .syntaxError: "the file is not valid Nix"
    case .undefinedVariable: "a variable that no enclosing scope binds"
    case .duplicateAttribute: "an attribute defined twice in one set"
    case .unusedBinding: "a `let` binding nothing reads"
    case .evalError: "evaluating the clan failed"
    case .unknownOption: "a name the inventory does not have"
    case .unknownSetting: "a setting the role of a clan.service module does not declare"
    case .missingSetting: "a required setting of a role with no value for a member"
    case .removedRole: "a role clan-core removed from its module"
    case .wrongType: "a value of the wrong type for its option or setting"
    case .invalidName: "a machine name that is not a valid host name, or a clan name with other characters than [a-zA-Z0-9_-]"
    case .missingMetaName: "the clan has no `meta.name`"
    case .unknownMachine: "a role or tag names a machine the clan does not define"
    case .unknownTag: "a role selects machines by a tag that no machine carries"
    case .unknownModule: "a service or instance names a module that does not exist"
    case .unknownRole: "a role the module does not define"
    case .roleConstraint: "fewer or more members in a role than the module allows"
    case .maxInstances: "more instances of a module than it allows"
    case .configConflict: "two definitions give one option different values"
    case .sharedNamespace: "a machine in two instances of one legacy module, whose config share `clan.<module>`"
    case .deprecatedModule: "a legacy module or clan.service module clan-core marks deprecated"
    case .legacyServices: "`inventory.services` is gone from current clan"
    case .unusedMachine: "a machine in no service and no instance"
    }
  }

  /// A paragraph with a wrong and a fixed example.
  public var explanation: String {
    switch self {
    case .syntaxError:
      return """
        The file does not parse. nixinv reports every syntax error it finds (it recovers after a
        missing `;`, an unclosed bracket or a stray token) and still checks what parsed.

        Wrong:  machines = { jon = { }; sara = { } };
        Fixed:  machines = { jon = { }; sara = { }; };
        """
    case .undefinedVariable:
      return """
        A variable is used that no `let`, function argument, `rec` set or `with` binds. In a
        bare clan file, `buildClan`, `clan` and `lib` are in scope.

        Wrong:  inventory.machines = lib.genAttrs nmaes (n: { });
        Fixed:  inventory.machines = lib.genAttrs names (n: { });
        """
    case .duplicateAttribute:
      return """
        One set defines the same attribute twice; Nix refuses the file.

        Wrong:  machines.jon = { }; machines.jon = { tags = [ "x" ]; };
        Fixed:  machines.jon = { tags = [ "x" ]; };
        """
    case .unusedBinding:
      return """
        A `let` binding that nothing reads is dead code, often a leftover or a typo in a use.
        Name it `_name` to keep it on purpose.

        Wrong:  let backupTag = "backup"; in { roles.client.tags = [ "backup" ]; }
        Fixed:  let backupTag = "backup"; in { roles.client.tags = [ backupTag ]; }
        """
    case .evalError:
      return """
        Evaluating the clan failed (a `throw`, a missing attribute, a type error, …). The finding
        carries Nix's message and the trace of what was being evaluated.

        Wrong:  inventory.machines.jon.tags = [ config.team ];
        Fixed:  inventory.machines.jon.tags = [ "team" ];
        """
    case .unknownOption:
      return """
        The inventory has a fixed set of options at every level (the top, a machine, a service
        instance, a role, an instance, `module`); any other name is an error in clan.

        Wrong:  machines.jon = { tag = [ "backup" ]; };
        Fixed:  machines.jon = { tags = [ "backup" ]; };
        """
    case .unknownSetting:
      return """
        Each role of a clan.service module declares its settings (`roles.<role>.interface`);
        clan evaluates the role, machine and tag settings against them, so any other name is an
        error ("The option … does not exist"). Settings of a module that allows any key
        (freeform) accept every name.

        Wrong:  instances.backup.roles.client.settings.startAtt = "daily";
        Fixed:  instances.backup.roles.client.settings.startAt = "daily";
        """
    case .wrongType:
      return """
        A value does not have the type its option or setting declares (tags are a list of
        strings, `machineClass` is "nixos" or "darwin", a borgbackup destination's `repo` is a
        string, …), as the module system words the type.

        Wrong:  machines.jon.tags = "backup";
        Fixed:  machines.jon.tags = [ "backup" ];
        """
    case .missingSetting:
      return """
        A role's setting without a default must be given for every member of the role: clan
        fails with "was accessed but has no value defined" when it builds the machine.

        Wrong:  instances.vpn.roles.controller.machines.hub = { };
        Fixed:  instances.vpn.roles.controller.machines.hub.settings.endpoint = "vpn.example.com";
        """
    case .removedRole:
      return """
        clan-core removed the role from its module; a machine in it fails to build with the
        reason given (data-mesher's `signer` is gone in data-mesher v2).

        Wrong:  instances.dm.roles.signer.machines.jon = { };
        Fixed:  instances.dm.roles.admin.machines.jon = { };
        """
    case .invalidName:
      return """
        A machine name becomes its host name, which NixOS restricts to letters, digits, `-` and
        `_` (not first or last), at most 63 characters; `meta.name` may only hold [a-zA-Z0-9_-].

        Wrong:  machines."jon.laptop" = { };
        Fixed:  machines.jon-laptop = { };
        """
    case .missingMetaName:
      return """
        clan requires `meta.name` (set in `meta` or `inventory.meta`); without it, clan's own
        evaluation fails when the name is read.

        Wrong:  buildClan { inventory.machines.jon = { }; }
        Fixed:  buildClan { meta.name = "home"; inventory.machines.jon = { }; }
        """
    case .unknownMachine:
      return """
        A role (or an `inventory.tags` list) names a machine that is not in the clan. clan accepts
        this silently, and the role then has a member no machine is built for.

        Wrong:  roles.client.machines = [ "jonn" ];
        Fixed:  roles.client.machines = [ "jon" ];
        """
    case .unknownTag:
      return """
        A role selects machines by a tag that no machine carries, so it selects nothing. clan only
        warns (older clan dropped the other tags' machines too).

        Wrong:  roles.client.tags = [ "bakcup" ];
        Fixed:  roles.client.tags = [ "backup" ];
        """
    case .unknownModule:
      return """
        A legacy service or an instance names a module the catalogue (clan-core's modules,
        `inventory.modules`, the clan's own `modules`, `--modules DIR`) does not have.

        Wrong:  instances.vpn.module.name = "wiregaurd";
        Fixed:  instances.vpn.module.name = "wireguard";
        """
    case .unknownRole:
      return """
        A role is used that the module does not define; clan stops with an error.

        Wrong:  services.borgbackup.home.roles.clients.machines = [ "jon" ];
        Fixed:  services.borgbackup.home.roles.client.machines = [ "jon" ];
        """
    case .roleConstraint:
      return """
        The module allows a number of members per role (a legacy module's README front matter,
        a clan.service's `manifest.constraints`); clan fails the machines' build otherwise.

        Wrong:  zerotier.net.roles.controller.machines = [ "a" "b" ];   # at most 1
        Fixed:  zerotier.net.roles.controller.machines = [ "a" ];
        """
    case .maxInstances:
      return """
        The module allows at most so many instances (`manifest.constraints.maxInstances`).

        Wrong:  instances = { dns1.module.name = "dns"; dns2.module.name = "dns"; };   # at most 1
        Fixed:  instances = { dns.module.name = "dns"; };
        """
    case .configConflict:
      return """
        Two definitions give one option different values at the same priority: clan stops with
        "has conflicting definition values". Keep one, or mark the override with `lib.mkForce`
        (or the default with `lib.mkDefault`).

        Wrong:  roles.peer.settings.port = 1; roles.peer.machines.jon.settings.port = 2;
        Fixed:  roles.peer.settings.port = 1; roles.peer.machines.jon.settings.port = lib.mkForce 2;
        """
    case .sharedNamespace:
      return """
        A machine is in two instances of one legacy module. Their `config` all land in the same
        `clan.<module>` namespace, where they merge or conflict, and most legacy modules read only
        one instance. Use one instance, or the module's clan.service form in `inventory.instances`.

        Wrong:  services.mycelium = { a.roles.peer.machines = [ "jon" ]; b.roles.peer.machines = [ "jon" ]; };
        Fixed:  instances = { a.module.name = "mycelium"; … };
        """
    case .deprecatedModule:
      return """
        clan-core marks this legacy module deprecated: it has been migrated to a clan.service
        module, used through `inventory.instances`. clan.service modules can be deprecated too
        (`admin` in 26.05: use `sshd` and `users`).

        Wrong:  services.borgbackup.home.roles.client.machines = [ "jon" ];
        Fixed:  instances.home = { module.name = "borgbackup"; roles.client.machines.jon = { }; };
        """
    case .legacyServices:
      return """
        `inventory.services` was removed from clan-core (August 2025); current clan ignores it when
        building machines. Move each service to `inventory.instances`.

        Wrong:  services.sshd.all.roles.server.tags = [ "all" ];
        Fixed:  instances.sshd.roles.server.tags.all = { };
        """
    case .unusedMachine:
      return """
        The machine takes part in no service and no instance; it gets no clan configuration. This
        is fine for a machine being set up; otherwise give it a tag a role selects.

        Wrong:  machines.laptop = { };                    # no role selects it
        Fixed:  machines.laptop = { tags = [ "backup" ]; };
        """
    }
  }
}
