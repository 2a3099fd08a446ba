/// The JSON schemas of one clan.service module for the spliced inventory schema: its roles'
/// settings definitions under a prefix, the schema of an instance of it, and the conditions
/// under which an instance is one.
struct ServiceSchemas {
  let module: ServiceModule
  /// The flake input the module comes from (`nil`: clan-core).
  let input: String?
  /// The name of the instance definition; its roles' definitions are `prefix.ROLE.NAME`.
  let prefix: String

  init(_ module: ServiceModule, input: String?) {
    self.module = module
    self.input = input
    prefix = "service." + (input.map { "input:" + Self.escaped($0) + "." } ?? "") + Self.escaped(module.name)
  }

  /// `name` with every character other than ASCII letters, digits and `-` written `_HH` (its
  /// UTF-8 bytes in hex): no `.` to confuse with the separators, nothing a JSON Pointer or a URI
  /// fragment must escape.
  static func escaped(_ name: String) -> String {
    let hex = Array("0123456789ABCDEF")
    var out = ""
    for b in name.utf8 {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
        out.append(Character(Unicode.Scalar(b)))
      default:
        out += "_" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
      }
    }
    return out
  }

  // MARK: - Definitions

  /// The definitions to add to the document: the instance schema (``prefix``) and every role's
  /// settings definitions, normalised as the inventory's (``InventoryJSONSchema/normalised(_:root:)``).
  func definitions() -> [(String, Plain)] {
    var out: [(String, Plain)] = []
    var roles = PlainObject()
    for role in module.roles {
      let rolePrefix = prefix + "." + Self.escaped(role.name)
      var schema = PlainObject()
      if let description = role.removal ?? role.description { schema["description"] = .string(description) }
      var properties = PlainObject()
      if let defs = Self.settingsDefinitions(role) {
        let renamed = Self.prefixed(InventoryJSONSchema.normalised(defs, root: "Input"), rolePrefix)
        out += Array(renamed.entries)
        let settings = Plain.object([("$ref", .string(SchemaWalk.reference(rolePrefix + ".Input")))])
        let entry = Plain.object([("properties", .object([("settings", settings)]))])
        properties["settings"] = settings
        properties["machines"] = .object([("additionalProperties", entry)])
        properties["tags"] = .object([("additionalProperties", entry)])
      }
      if role.removal != nil {
        schema["deprecated"] = .bool(true)
        properties["machines"] = Self.adding(("maxProperties", .int(0)), to: properties["machines"])
      } else if let max = module.roleConstraints[role.name]?.max {
        properties["machines"] = Self.adding(("maxProperties", .int(Int64(max))), to: properties["machines"])
      }
      if !properties.isEmpty { schema["properties"] = .object(properties) }
      roles[role.name] = .object(schema)
    }
    var instance = PlainObject()
    instance["description"] = .string(describe())
    if module.deprecation != nil { instance["deprecated"] = .bool(true) }
    let names = Plain.object([("enum", .strings(module.roleNames))])
    instance["properties"] = .object([("roles", .object([("propertyNames", names), ("properties", .object(roles))]))])
    out.append((prefix, .object(instance)))
    return out
  }

  /// What an instance of the module is, for an editor's hover.
  func describe() -> String {
    var text = module.manifestName
    if !module.description.isEmpty { text += ": " + module.description }
    if let deprecation = module.deprecation { text += "\n\n" + deprecation }
    return text
  }

  /// `schema` (an object schema, or none) with one more keyword.
  static func adding(_ keyword: (String, Plain), to schema: Plain?) -> Plain {
    var o = schema?.object ?? PlainObject()
    o[keyword.0] = keyword.1
    return .object(o)
  }

  /// The `$defs` of a role's settings schema, when it is known as a JSON schema with a
  /// `$defs.Input` (the root clan's converter gives).
  static func settingsDefinitions(_ role: ServiceRole) -> PlainObject? {
    guard case .jsonSchema(let text) = role.settings,
      case .object(let document)? = try? JSONReader.read(text),
      let defs = document["$defs"]?.object, defs["Input"] != nil
    else { return nil }
    return defs
  }

  /// `defs` named `prefix.NAME`, with their references to each other rewritten.
  static func prefixed(_ defs: PlainObject, _ prefix: String) -> PlainObject {
    var out = PlainObject()
    for (name, schema) in defs.entries {
      out[prefix + "." + escaped(name)] = SchemaWalk.map(schema, complete: false) { node, _ in
        guard let ref = node["$ref"]?.string, let target = SchemaWalk.definitionName(ref), defs[target] != nil else {
          return
        }
        node["$ref"] = .string(SchemaWalk.retarget(ref, to: prefix + "." + escaped(target)))
      }
    }
    return out
  }

  // MARK: - Conditions

  /// The flake input name clan's docs give clan-core (`module.input = "clan-core"`), taken as
  /// clan-core unless the catalogue has modules of an input of that name.
  static let clanCoreInput = "clan-core"

  /// `module.input` as the source demands: for clan-core null or absent (or
  /// ``clanCoreInput`` with `alias`), else the input's name.
  static func inputCondition(_ input: String?, alias: Bool) -> Plain {
    if let input { return .object([("const", .string(input))]) }
    guard alias else { return .object([("type", .string("null"))]) }
    return .object([("enum", .list([.null, .string(clanCoreInput)]))])
  }

  /// An instance whose `module.name` is `name` (of `input`; `alias`: see ``inputCondition(_:alias:)``).
  static func named(_ name: String, input: String?, alias: Bool) -> Plain {
    .object([
      ("required", .strings(["module"])),
      ("properties", .object([
        ("module", .object([
          ("required", .strings(input == nil ? ["name"] : ["input", "name"])),
          ("properties", .object([
            ("input", inputCondition(input, alias: alias)), ("name", .object([("const", .string(name))])),
          ])),
        ]))
      ])),
    ])
  }

  /// An instance without `module.name` (so named as the instance), of `input`.
  static func unnamed(input: String?, alias: Bool) -> Plain {
    var module = PlainObject()
    module["not"] = .object([("required", .strings(["name"]))])
    module["properties"] = .object([("input", inputCondition(input, alias: alias))])
    var condition = PlainObject()
    if input != nil {
      module["required"] = .strings(["input"])
      condition["required"] = .strings(["module"])
    }
    condition["properties"] = .object([("module", .object(module))])
    return .object(condition)
  }
}
