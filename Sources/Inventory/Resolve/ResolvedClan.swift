import NixLexer

/// A role of a legacy service instance or a clan.service instance with its members.
public struct ResolvedRole: Sendable {
  public var name: String
  public var members: [String]
}

/// A legacy service instance, resolved.
public struct ResolvedLegacyInstance: Sendable {
  public var module: String
  public var name: String
  public var enabled: Bool
  /// Every role the module defines, in name order.
  public var roles: [ResolvedRole]
}

/// A clan.service instance, resolved.
public struct ResolvedInstance: Sendable {
  public var name: String
  public var moduleName: String
  public var moduleInput: String?
  /// Every role the instance writes, in name order; members sorted bytewise.
  public var roles: [ResolvedRole]
  /// The module's `manifest.name`, as clan's messages name it.
  public var manifestName: String? = nil
  /// The module's constraints (from its manifest), if any.
  public var maxInstances: Int? = nil
  public var roleConstraints: [String: RoleConstraint] = [:]
}

/// One machine as clan builds it: tags, roles, settings, imports and config.
public struct ResolvedMachine: Sendable {
  public var machine: InventoryMachine
  /// Own tags, then the computed ones (sorted), without repeats.
  public var tags: [String]
  /// Legacy services the machine is in: module → instance → roles held (sorted).
  public var services: [(module: String, instances: [(name: String, roles: [String])])] = []
  /// clan.service instances the machine is in, with the settings of each role it holds.
  public var instances: [(name: String, moduleName: String, moduleInput: String?, roles: [(name: String, settings: Plain)])] = []
  public var imports: [String] = []
  /// `config.clan.<module>` for each legacy service the machine is in.
  public var config = PlainObject()
}

/// The resolved clan: what `nixinv dump` prints.
public struct ResolvedClan {
  public var meta: ClanMeta
  /// Machines sorted by name.
  public var machines: [ResolvedMachine]
  /// Legacy services by module (sorted), instances sorted.
  public var services: [(module: String, instances: [ResolvedLegacyInstance])]
  public var instances: [ResolvedInstance]
  /// Problems that do not stop resolution (unknown tags, …), in the order found.
  public var warnings: [InventoryError]
  /// Conflicts found while merging machines' config and settings (each machine keeps the first
  /// definition's value); a clan with any is in error.
  public var errors: [InventoryError]
  /// Unknown options, wrong types, unknown modules and roles, when collected (lint) instead
  /// of stopping resolution.
  public var problems: [InventoryError]
  /// The source files read, for rendering messages.
  public var sources: SourceMap
}
