/// The options of clan's `inventory` (current clan-core, plus the legacy `services` and
/// `modules` that older clans write), as ``OptionType``s for the ``Merger``.
public enum InventorySchema {
  static let optionalString = OptionType.nullOr(.string)
  static let extraModules = OptionType.listOf(.raw)

  /// `inventory.meta` (and the `meta` argument of `buildClan`/`clan`).
  public static let meta = Submodule([
    "name": .string,
    "description": optionalString,
    "icon": optionalString,
    "domain": .string,
    "tld": optionalString,
  ])

  /// `inventory.machines.<name>`.
  public static let machine = Submodule([
    "name": .string,
    "description": optionalString,
    "icon": optionalString,
    "machineClass": .enumeration(["nixos", "darwin"]),
    "installedAt": .nullOr(.int),
    "tags": .listOf(.string),
    "deploy": .submodule(Submodule([
      "targetHost": optionalString,
      "buildHost": optionalString,
      "forwardAgent": .nullOr(.bool),
    ])),
  ])

  /// Legacy `inventory.services.<module>.<instance>`.
  public static let legacyInstance = Submodule([
    "enabled": .bool,
    "meta": .submodule(Submodule(["name": .string, "description": optionalString, "icon": optionalString])),
    "extraModules": extraModules,
    "config": .deferred,
    "machines": .attrsOf(.submodule(Submodule([
      "config": .deferred,
      "extraModules": extraModules,
    ]))),
    "roles": .attrsOf(.submodule(Submodule([
      "machines": .listOf(.string),
      "tags": .listOf(.string),
      "config": .deferred,
      "extraModules": extraModules,
    ]))),
  ])

  /// Role settings: kept as written, merged per machine by the resolver.
  static let settings = OptionType.deferred

  /// `inventory.instances.<instance>`.
  public static let instance = Submodule([
    "module": .submodule(Submodule(["name": .string, "input": optionalString])),
    "roles": .attrsOf(.submodule(Submodule([
      "machines": .attrsOf(.submodule(Submodule(["settings": settings]))),
      "tags": .namesOrAttrsOf(.submodule(Submodule(["settings": settings]))),
      "settings": settings,
      "extraModules": extraModules,
      "description": optionalString,
    ]))),
  ])

  /// The whole `inventory`. `tags` is handled apart (it may be a function of the machines).
  public static let inventory = Submodule([
    "meta": .submodule(meta),
    "machines": .attrsOf(.submodule(machine)),
    "services": .attrsOf(.attrsOf(.submodule(legacyInstance))),
    "instances": .attrsOf(.submodule(instance)),
    "modules": .attrsOf(.pathOrString),
    "tags": .deferred,
    "assertions": .raw,
  ])
}
