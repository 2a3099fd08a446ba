/// The inventory's input JSON schema (clan's "API specification") for validating
/// `inventory.json` in an editor, with the role settings schemas of clan.service modules
/// spliced in (`nixinv schema`).
///
/// clan-core's converter gives the inventory (``clanInventoryInput``) with every role's
/// `settings` as `AnyJson`, and each module role's settings as a separate `$defs` bundle whose
/// root is `$defs.Input`. ``spliced(catalogue:)`` makes one draft 2020-12 document of them:
///
/// - The document's root is `$ref: #/$defs/InventoryInput`.
/// - Each role's `$defs` are copied into the top-level `$defs` as `service.MODULE.ROLE.NAME`
///   (a module of a flake input: `service.input:INPUT.MODULE.ROLE.NAME`; characters other than
///   ASCII letters, digits and `-` written `_HH`), their `$ref`s rewritten to match.
/// - `service.MODULE` describes an instance of the module: its roles (`propertyNames` rejects
///   any other), each role's `settings`, `machines.*.settings` and `tags.*.settings` checked
///   against the role's schema, at most `maxMachines` entries in `machines`, no machines in a
///   role clan removed, and `deprecated` on a deprecated module.
/// - An instance uses it through an `if`/`then` in `allOf`: on `InventoryInstancesItemInput`
///   when `module.name` is the module and `module.input` null or absent (clan-core; also
///   `"clan-core"`, the input name clan's docs use, unless the catalogue has such an input); on
///   `InventoryInstancesInput`, by the instance's name, when the instance gives no
///   `module.name` (clan's default is the instance name).
///
/// What the document leaves out, because one file cannot express it:
///
/// - `required`: `inventory.json` is merged with the inventory written in Nix, and a role's
///   settings with its machines' and tags' settings, so any option may be given elsewhere.
///   `required` is kept only beneath `items` (a list element is always a whole definition).
/// - Names that must refer to something: machines and tags in roles, tags of machines.
/// - `minMachines` (tags and Nix add members) and `maxInstances` (JSON Schema cannot count
///   the properties matching a schema).
/// - Modules of flake inputs and `self`, unless the catalogue has them (the embedded one has
///   clan-core's only): their settings stay `AnyJson`. So do the settings of roles whose
///   interface is not known as a JSON schema.
///
/// And a repair: a `oneOf` with both an `integer` and a `number` branch (clan's `AnyJson`)
/// matches every integer twice and so rejects it; it is written `anyOf`.
public enum InventoryJSONSchema {
  /// The draft the documents are written in.
  public static let draft = "https://json-schema.org/draft/2020-12/schema"

  /// The definition the inventory is.
  static let root = "InventoryInput"

  /// ``clanInventoryInput`` as a value (`nil` if it were not JSON: the generated text is checked by the tests).
  static func base() -> PlainObject? {
    guard case .object(let o)? = try? JSONReader.read(clanInventoryInput) else { return nil }
    return o
  }

  /// The inventory's input schema with the role settings schemas of every clan.service module
  /// of `catalogue` spliced in under the instances that use the module. Keys sorted (as
  /// ``JSONRenderer`` writes them), arrays in module and role name order: the same catalogue
  /// gives the same document.
  public static func spliced(catalogue: ModuleCatalogue) -> Plain {
    var defs = base()?["$defs"]?.object ?? PlainObject()
    defs = normalised(defs, root: root)
    var byName: [Plain] = []
    var unnamed: [Plain] = []
    var sources: [(String?, [String: ServiceModule])] = [(nil, catalogue.services)]
    for (input, modules) in catalogue.inputServices.sorted(by: { bytewise($0.key, $1.key) }) {
      sources.append((input, modules))
    }
    let alias = catalogue.inputServices[ServiceSchemas.clanCoreInput] == nil
    for (input, modules) in sources {
      var instancesByKey = PlainObject()
      for name in modules.keys.sorted(by: bytewise) {
        guard let module = modules[name] else { continue }
        let schemas = ServiceSchemas(module, input: input)
        for (key, value) in schemas.definitions() { defs[key] = value }
        let then = Plain.object([("$ref", .string(SchemaWalk.reference(schemas.prefix)))])
        byName.append(.object([("if", ServiceSchemas.named(name, input: input, alias: alias)), ("then", then)]))
        instancesByKey[name] = .object([("if", ServiceSchemas.unnamed(input: input, alias: alias)), ("then", then)])
      }
      if !instancesByKey.isEmpty { unnamed.append(.object([("properties", .object(instancesByKey))])) }
    }
    if !byName.isEmpty, case .object(var item)? = defs["InventoryInstancesItemInput"] {
      item["allOf"] = .list(byName)
      defs["InventoryInstancesItemInput"] = .object(item)
    }
    if !unnamed.isEmpty, case .object(var instances)? = defs["InventoryInstancesInput"] {
      instances["allOf"] = .list(unnamed)
      defs["InventoryInstancesInput"] = .object(instances)
    }
    return .object([
      ("$comment", .string(comment)),
      ("$defs", .object(defs)),
      ("$ref", .string(SchemaWalk.reference(root))),
      ("$schema", .string(draft)),
      ("title", .string("clan inventory.json")),
    ])
  }

  static let comment = """
    The input schema of clan's inventory (clan-core d7c35d912) with the role settings schemas of its \
    clan.service modules spliced in, written by `nixinv schema`. Differences from clan's: `required` is \
    dropped (inventory.json is merged with the inventory in Nix, role settings with machine and tag \
    settings), except beneath `items`; a `oneOf` with both `integer` and `number` is written `anyOf`.
    """

  // MARK: - Normalising

  /// `defs` with ``normalise(_:complete:)`` applied to every definition, each complete unless
  /// some path from `root` reaches it outside `items`.
  static func normalised(_ defs: PlainObject, root: String) -> PlainObject {
    let partial = SchemaWalk.partialDefinitions(defs, root: root)
    var out = PlainObject()
    for (name, schema) in defs.entries {
      out[name] = SchemaWalk.map(schema, complete: !partial.contains(name)) { node, complete in
        normalise(&node, complete: complete)
      }
    }
    return out
  }

  /// One schema object for a definition that may be partial (`required` dropped) and with the
  /// `oneOf` repair.
  static func normalise(_ node: inout PlainObject, complete: Bool) {
    if !complete { node["required"] = nil }
    repairOneOf(&node)
  }

  /// `oneOf` written `anyOf` when two of its branches admit integers (`integer` and `number`).
  static func repairOneOf(_ node: inout PlainObject) {
    guard case .list(let branches)? = node["oneOf"], node["anyOf"] == nil else { return }
    let numeric = branches.filter { b in
      guard let type = b.object?["type"]?.string else { return false }
      return type == "integer" || type == "number"
    }
    guard numeric.count > 1 else { return }
    node["oneOf"] = nil
    node["anyOf"] = .list(branches)
  }
}
