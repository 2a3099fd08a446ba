/// Reads a role's settings options from the JSON schema clan-core's converter makes of its
/// interface (`$defs.Input` is the root): the types, defaults and descriptions the schema
/// states, as a ``Submodule`` whose unknown names are `unknown-setting`s.
///
/// What the schema loses stays lost: `strMatching` is a plain string, ports and ranges are
/// plain integers, and lists and sets carry no default (their defaults are hidden).
public enum SettingsSchema {
  /// The options of the schema `text`, or `nil` when it is not such a schema.
  public static func submodule(fromJSONSchema text: String) -> Submodule? {
    guard let root = try? JSONReader.read(text), let defs = root.object?["$defs"]?.object, let input = defs["Input"]
    else { return nil }
    var reader = Reader(defs: defs)
    guard case .submodule(let module) = reader.type(input) else { return nil }
    return module
  }

  /// The converter's placeholder for a default that is the attribute's own name.
  public static let namePlaceholder = "‹name›"

  private struct Reader {
    let defs: PlainObject
    /// `$ref` names being read, to stop at recursive definitions (`AnyJson`).
    var reading: Set<String> = []

    mutating func type(_ node: Plain) -> OptionType {
      guard let o = node.object else { return .anything(listsConcatenate: true) }
      if let ref = o["$ref"]?.string {
        let name = String(ref.dropFirst("#/$defs/".count))
        guard ref.hasPrefix("#/$defs/"), let target = defs[name], !reading.contains(name) else {
          return .anything(listsConcatenate: true)
        }
        reading.insert(name)
        defer { reading.remove(name) }
        return type(target)
      }
      if let alternatives = o["oneOf"]?.list {
        let nullable = alternatives.contains { $0.object?["type"]?.string == "null" }
        let others = alternatives.filter { $0.object?["type"]?.string != "null" }
        // Every JSON kind at once is `types.anything` (the converter's AnyJson).
        if others.count >= 5 { return .anything(listsConcatenate: true) }
        var types = others.map { type($0) }
        guard var folded = types.first else { return .anything(listsConcatenate: true) }
        types.removeFirst()
        for t in types { folded = .either(folded, t) }
        return nullable ? .nullOr(folded) : folded
      }
      if let values = o["enum"]?.list {
        return .enumeration(values.compactMap(\.string))
      }
      switch o["type"]?.string {
      case "string": return .string
      case "integer": return .int
      case "number": return .float
      case "boolean": return .bool
      case "array":
        return .listOf(o["items"].map { type($0) } ?? .anything(listsConcatenate: true))
      case "object":
        return object(o)
      default:
        return .anything(listsConcatenate: true)
      }
    }

    mutating func object(_ o: PlainObject) -> OptionType {
      let extra = o["additionalProperties"]
      let extraType: OptionType? =
        switch extra {
        case .bool(false)?: nil
        case .object(let e)? where !e.isEmpty: type(.object(e))
        default: .anything(listsConcatenate: true)
        }
      guard let properties = o["properties"]?.object else {
        return extraType.map { .attrsOf($0) } ?? .attrs
      }
      let required = Set(o["required"]?.list?.compactMap(\.string) ?? [])
      var options: [String: OptionType] = [:]
      var defaults: [String: OptionDefault] = [:]
      var descriptions: [String: String] = [:]
      for (name, property) in properties.entries {
        options[name] = type(property)
        let p = property.object
        if let d = p?["default"] {
          defaults[name] = .value(d)
        } else {
          defaults[name] = required.contains(name) ? OptionDefault.none : .hidden
        }
        if let text = p?["description"]?.string ?? referenced(p)?["description"]?.string { descriptions[name] = text }
      }
      return .submodule(Submodule(
        options, freeform: extraType, defaults: defaults, descriptions: descriptions, unknownCode: .unknownSetting))
    }

    /// The definition a `$ref` node points to.
    func referenced(_ o: PlainObject?) -> PlainObject? {
      guard let ref = o?["$ref"]?.string, ref.hasPrefix("#/$defs/") else { return nil }
      return defs[String(ref.dropFirst("#/$defs/".count))]?.object
    }
  }
}
