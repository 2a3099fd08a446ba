extension InventoryJSONSchema {
  /// The settings schema of `role` of `module` as a document of its own (`nixinv schema
  /// --module M --role R`): clan's `$defs` bundle with `$ref: #/$defs/Input` at the root (clan's
  /// has no root, so a validator would accept anything), a title, and the `oneOf` repair of
  /// ``spliced(catalogue:)``. `required` is kept: this is the schema of the settings after
  /// clan merged the role's, machine's and tags' definitions. A role whose settings are not
  /// known as a JSON schema gives a schema accepting any object.
  public static func roleSettings(_ role: ServiceRole, of module: ServiceModule) -> Plain {
    var document = PlainObject()
    document["$schema"] = .string(draft)
    document["title"] = .string("settings of the role '\(role.name)' of \(module.manifestName)")
    if let description = role.removal ?? role.description { document["description"] = .string(description) }
    guard let defs = ServiceSchemas.settingsDefinitions(role) else {
      document["$comment"] = .string("nixinv knows no settings schema of this role: any settings are accepted")
      document["type"] = .string("object")
      return .object(document)
    }
    var repaired = PlainObject()
    for (name, schema) in defs.entries {
      repaired[name] = SchemaWalk.map(schema, complete: true) { node, _ in repairOneOf(&node) }
    }
    document["$defs"] = .object(repaired)
    document["$ref"] = .string(SchemaWalk.reference("Input"))
    return .object(document)
  }

  /// Every role's settings schema of `module` (``roleSettings(_:of:)``), in an object keyed by
  /// role name.
  public static func moduleSettings(_ module: ServiceModule) -> Plain {
    var roles = PlainObject()
    for role in module.roles { roles[role.name] = roleSettings(role, of: module) }
    return .object(roles)
  }
}
