import Inventory

/// `nixinv schema [--module NAME [--role R]]`: the inventory's input JSON schema with clan-core's
/// role settings schemas spliced in, or one module's settings schemas.
enum SchemaCommand {
  static let usage = """
    usage: nixinv schema
           nixinv schema --module NAME [--role ROLE]

    Prints the JSON schema (draft 2020-12) of clan's inventory input, what clan's docs call the
    API specification, for an editor to check inventory.json with. The settings of every
    instance of a clan-core clan.service module (module.name, or the instance's name when it
    gives none; module.input null, absent or "clan-core") are checked against the module's
    role schemas, and roles the module does not have are rejected.

    Not checked, because one file cannot express it: options clan requires (inventory.json is
    merged with the inventory in Nix, and a role's settings with its machines' and tags'),
    whether the machines and tags named exist, minMachines and maxInstances, and the settings
    of modules of flake inputs or self. `nixinv lint FILE` checks the whole clan, with the
    machines, tags and role constraints.

    options:
      --module NAME   print that module's settings schemas instead: an object keyed by role
                      (NAME is the registry name, zerotier, or the manifest name,
                      clan-core/zerotier)
      --role ROLE     with --module: only that role's schema (the settings after merging, so
                      with the options clan requires)

    clan rejects a `$schema` key inside inventory.json, so tell the editor which schema to
    use instead. For VS Code, write the schema to a file:

      nixinv schema > inventory.schema.json

    and map it in .vscode/settings.json:

      "json.schemas": [
        { "fileMatch": ["inventory.json"], "url": "./inventory.schema.json" }
      ]

    Editors using vscode-json-languageserver (Neovim's jsonls, Helix, Zed) take the same
    setting. Exit status: 0 printed, 2 usage error (an unknown module or role).
    """

  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    var moduleName: String? = nil
    var roleName: String? = nil
    var rest = arguments[...]
    while let a = rest.popFirst() {
      switch a {
      case "-h", "--help":
        Terminal.out(usage + "\n")
        return 0
      case "--module":
        guard let v = rest.popFirst(), !v.hasPrefix("-") else { throw .usage("--module needs a module name") }
        moduleName = v
      case "--role":
        guard let v = rest.popFirst(), !v.hasPrefix("-") else { throw .usage("--role needs a role name") }
        roleName = v
      default:
        throw .usage(a.hasPrefix("-") ? "unknown option '\(a)'" : "schema takes no FILE (see nixinv schema --help)")
      }
    }
    let catalogue = ModuleCatalogue.embedded
    guard let moduleName else {
      guard roleName == nil else { throw .usage("--role needs --module") }
      Terminal.out(JSONRenderer.render(InventoryJSONSchema.spliced(catalogue: catalogue)))
      return 0
    }
    let module = try find(moduleName, in: catalogue)
    guard let roleName else {
      Terminal.out(JSONRenderer.render(InventoryJSONSchema.moduleSettings(module)))
      return 0
    }
    guard let role = module.role(roleName) else {
      let hint = module.suggestedRole(for: roleName).map { "did you mean '\($0)'?" }
        ?? "its roles: \(module.roleNames.joined(separator: ", "))"
      throw .usage("the module '\(module.name)' has no role '\(roleName)' (\(hint))")
    }
    Terminal.out(JSONRenderer.render(InventoryJSONSchema.roleSettings(role, of: module)))
    return 0
  }

  /// clan-core's module `name` (registry or manifest name), or a usage error with a suggestion.
  static func find(_ name: String, in catalogue: ModuleCatalogue) throws(CommandError) -> ServiceModule {
    if let module = catalogue.service(named: name) { return module }
    let hint = catalogue.suggestedService(for: name).map { "did you mean '\($0)'?" }
      ?? "clan-core's modules: \(catalogue.services.keys.sorted().joined(separator: ", "))"
    throw .usage("clan-core has no clan.service module '\(name)' (\(hint))")
  }
}
