/// How many machines a role of a module admits (a legacy module's README front matter).
public struct RoleConstraint: Sendable, Equatable {
  public let min: Int
  public let max: Int?

  public init(min: Int, max: Int?) {
    self.min = min
    self.max = max
  }
}

/// A legacy clanModule (`inventory.services.NAME`): a folder with `roles/*.nix` and a README
/// whose front matter lists features and role constraints.
public struct LegacyModule: Sendable {
  public let name: String
  /// The role names (the `roles/*.nix` files), sorted.
  public let roles: [String]
  public let features: [String]
  public let constraints: [String: RoleConstraint]
  /// Where the module's files are written in output (`<clan-core>/clanModules/NAME` for the
  /// embedded catalogue, the real folder for modules read from disk).
  public let location: String

  public init(name: String, roles: [String], features: [String], constraints: [String: RoleConstraint], location: String? = nil) {
    self.name = name
    self.roles = roles
    self.features = features
    self.constraints = constraints
    self.location = location ?? "<clan-core>/clanModules/\(name)"
  }

  /// Whether clan marks the module deprecated (its front matter's `features`).
  public var isDeprecated: Bool { features.contains("deprecated") }

  /// The file imported into a machine holding `role`.
  public func roleFile(_ role: String) -> String { "\(location)/roles/\(role).nix" }
}

/// One role of a clan.service module.
public struct ServiceRole: Sendable {
  public let name: String
  public let description: String?
  /// The role's settings interface (`roles.<r>.interface`): clan-core's as a JSON schema (the
  /// embedded catalogue), a module of the clan's own as options read by evaluating it, or
  /// unknown (any settings accepted).
  public var settings: SettingsInterface
  /// Why clan removed the role, when it did (assigning a machine to it fails).
  public var removal: String?

  public init(name: String, description: String?, settings: SettingsInterface = .unknown, removal: String? = nil) {
    self.name = name
    self.description = description
    self.settings = settings
    self.removal = removal
  }
}

/// Where a role's settings options come from.
public enum SettingsInterface: @unchecked Sendable {
  /// Not known: settings are merged as `types.anything` and not checked.
  case unknown
  /// The JSON schema clan-core's converter makes of the interface (`$defs.Input` is the root).
  case jsonSchema(String)
  /// Options read from the interface module itself.
  case options(Submodule)
}

/// A clan.service module (`inventory.instances.*.module`).
public struct ServiceModule: Sendable {
  public let name: String
  public let description: String
  /// The roles, sorted by name.
  public let roles: [ServiceRole]
  /// `manifest.name`, as clan's messages name the module (`clan-core/zerotier`).
  public var manifestName: String
  /// `manifest.categories`.
  public var categories: [String] = []
  /// `manifest.exports.out` and `manifest.exports.inputs`.
  public var exportsOut: [String] = []
  public var exportsInputs: [String] = []
  /// Why the module is deprecated, when it is (clan-core's release notes).
  public var deprecation: String? = nil
  /// `manifest.constraints.maxInstances`.
  public var maxInstances: Int? = nil
  /// `manifest.constraints.roles.R.{minMachines,maxMachines}`.
  public var roleConstraints: [String: RoleConstraint] = [:]

  public init(name: String, manifestName: String? = nil, description: String, roles: [ServiceRole]) {
    self.name = name
    self.manifestName = manifestName ?? name
    self.description = description
    self.roles = roles.sorted { $0.name < $1.name }
  }

  /// A module with its whole manifest (the embedded catalogue's form).
  public init(
    name: String, manifestName: String, description: String, roles: [ServiceRole], categories: [String],
    exportsOut: [String], exportsInputs: [String], maxInstances: Int?, roleConstraints: [String: RoleConstraint],
    deprecation: String?
  ) {
    self.init(name: name, manifestName: manifestName, description: description, roles: roles)
    self.categories = categories
    self.exportsOut = exportsOut
    self.exportsInputs = exportsInputs
    self.maxInstances = maxInstances
    self.roleConstraints = roleConstraints
    self.deprecation = deprecation
  }

  /// The role names, sorted.
  public var roleNames: [String] { roles.map(\.name) }

  /// The role `name`.
  public func role(_ name: String) -> ServiceRole? { roles.first { $0.name == name } }
}

/// The modules an inventory may name: legacy clanModules by name, clan.service modules by
/// (input, name); `input == nil` is clan-core.
public struct ModuleCatalogue: Sendable {
  public var legacy: [String: LegacyModule]
  /// Legacy modules that exist but have no `roles/` folder (not usable in an inventory).
  public var withoutRoles: Set<String>
  /// clan-core's clan.service modules by name.
  public var services: [String: ServiceModule]
  /// clan.service modules of other sources (`"self"` or a flake input's name), by source and name.
  public var inputServices: [String: [String: ServiceModule]] = [:]

  public init(legacy: [LegacyModule], withoutRoles: [String], services: [ServiceModule]) {
    self.legacy = Dictionary(legacy.map { ($0.name, $0) }, uniquingKeysWith: { _, b in b })
    self.withoutRoles = Set(withoutRoles)
    self.services = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { _, b in b })
  }

  /// The clan.service module `name` of `input` (`nil`: clan-core).
  public func service(input: String?, name: String) -> ServiceModule? {
    guard let input else { return services[name] }
    return inputServices[input]?[name]
  }
}
