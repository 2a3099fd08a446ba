/// What a change to a clan does to each machine: two resolutions of it compared machine by
/// machine (``compare(old:new:only:)``), and the service instances whose members changed.
///
/// Everything is sorted bytewise (machines by name, changes by instance, role and path), so
/// that the same two clans always give the same diff.
public struct ClanDiff: Sendable {
  /// The machines that changed (added, removed, or with any change), by name.
  public var machines: [MachineDiff] = []
  /// clan.service instances whose module or members changed, by name.
  public var instances: [InstanceDiff] = []
  /// Legacy service instances whose members changed, by module then instance.
  public var services: [InstanceDiff] = []

  public init() {}

  /// Whether the two clans resolve alike (for the machines compared).
  public var isEmpty: Bool { machines.isEmpty && instances.isEmpty && services.isEmpty }
}

/// Whether something is new, gone, or present on both sides with changes.
public enum DiffStatus: String, Sendable {
  case added, removed, changed
}

/// A clan.service module: its name and the flake input it comes from (`nil`: clan-core).
public struct ModuleRef: Equatable, Sendable {
  public var name: String
  public var input: String?

  public init(name: String, input: String?) {
    self.name = name
    self.input = input
  }
}

/// A value at a path that differs between the two sides; `nil` means the path is absent there
/// (as opposed to ``Plain/null``, a value).
public struct ValueChange: Equatable, Sendable {
  public var path: [String]
  public var old: Plain?
  public var new: Plain?

  public init(path: [String], old: Plain?, new: Plain?) {
    self.path = path
    self.old = old
    self.new = new
  }
}

/// A role of a clan.service instance, as a machine holds it.
public struct InstanceRoleRef: Equatable, Sendable {
  public var instance: String
  public var role: String
  public var module: ModuleRef

  public init(instance: String, role: String, module: ModuleRef) {
    (self.instance, self.role, self.module) = (instance, role, module)
  }
}

/// A role of a legacy service instance (`inventory.services.MODULE.INSTANCE`).
public struct ServiceRoleRef: Equatable, Sendable {
  public var module: String
  public var instance: String
  public var role: String

  public init(module: String, instance: String, role: String) {
    (self.module, self.instance, self.role) = (module, instance, role)
  }
}

/// An instance a machine is in on both sides whose module changed.
public struct ModuleChange: Equatable, Sendable {
  public var instance: String
  public var old: ModuleRef
  public var new: ModuleRef

  public init(instance: String, old: ModuleRef, new: ModuleRef) {
    (self.instance, self.old, self.new) = (instance, old, new)
  }
}

/// A role setting that changed, after defaults: `path` is inside the role's settings.
public struct SettingChange: Equatable, Sendable {
  public var instance: String
  public var role: String
  public var path: [String]
  public var old: Plain?
  public var new: Plain?

  public init(instance: String, role: String, path: [String], old: Plain?, new: Plain?) {
    (self.instance, self.role, self.path, self.old, self.new) = (instance, role, path, old, new)
  }
}

/// One machine's changes. An added or removed machine lists its fields, tags and roles (all
/// added, or all removed) but not its settings, imports or legacy config.
public struct MachineDiff: Sendable {
  /// The machine's attribute name.
  public var name: String
  public var status: DiffStatus
  /// `name`, `machineClass`, `description`, `icon`, `deploy.targetHost`, `deploy.buildHost`.
  public var fields: [ValueChange] = []
  public var tagsAdded: [String] = []
  public var tagsRemoved: [String] = []
  public var rolesGained: [InstanceRoleRef] = []
  public var rolesLost: [InstanceRoleRef] = []
  public var modules: [ModuleChange] = []
  public var settings: [SettingChange] = []
  public var servicesGained: [ServiceRoleRef] = []
  public var servicesLost: [ServiceRoleRef] = []
  public var importsAdded: [String] = []
  public var importsRemoved: [String] = []
  /// `config.clan.<module>` of legacy services: paths start with the module.
  public var config: [ValueChange] = []

  public init(name: String, status: DiffStatus) {
    self.name = name
    self.status = status
  }

  /// Whether nothing changed (an added or removed machine always counts as a change).
  public var isEmpty: Bool {
    status == .changed && fields.isEmpty && tagsAdded.isEmpty && tagsRemoved.isEmpty && rolesGained.isEmpty
      && rolesLost.isEmpty && modules.isEmpty && settings.isEmpty && servicesGained.isEmpty && servicesLost.isEmpty
      && importsAdded.isEmpty && importsRemoved.isEmpty && config.isEmpty
  }

  /// How many things were added, removed and changed (a `git diff --stat` for the machine).
  public var counts: (added: Int, removed: Int, changed: Int) {
    var added = tagsAdded.count + rolesGained.count + servicesGained.count + importsAdded.count
    var removed = tagsRemoved.count + rolesLost.count + servicesLost.count + importsRemoved.count
    var changed = modules.count
    for (old, new) in fields.map({ ($0.old, $0.new) }) + settings.map({ ($0.old, $0.new) }) + config.map({ ($0.old, $0.new) }) {
      switch (old, new) {
      case (nil, _): added += 1
      case (_, nil): removed += 1
      default: changed += 1
      }
    }
    return (added, removed, changed)
  }
}

/// The members of one role of an instance that changed.
public struct MembersChange: Equatable, Sendable {
  public var role: String
  public var added: [String]
  public var removed: [String]

  public init(role: String, added: [String], removed: [String]) {
    (self.role, self.added, self.removed) = (role, added, removed)
  }
}

/// An instance whose module or members changed: a clan.service instance (``module`` its module)
/// or a legacy service instance (``module`` the service, ``ModuleRef/input`` `nil`).
public struct InstanceDiff: Sendable {
  public var name: String
  public var status: DiffStatus
  /// The module (the new one, or the old one for a removed instance).
  public var module: ModuleRef
  /// The old module, when it changed.
  public var oldModule: ModuleRef? = nil
  /// Roles whose members changed, by name.
  public var roles: [MembersChange] = []
}
