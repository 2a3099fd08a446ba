import Inventory

/// A small JSON Schema (draft 2020-12) validator for the keywords `nixinv schema` writes, to
/// check in tests that the spliced schema accepts and rejects what it should. References are
/// `#/$defs/NAME` only; every keyword outside ``assertions`` and ``annotations`` is a test
/// failure (``unknownKeywords(in:)``), so none is silently ignored.
struct MiniSchemaValidator {
  /// The keywords checked.
  static let assertions: Set<String> = [
    "$ref", "additionalProperties", "allOf", "anyOf", "const", "else", "enum", "if", "items", "maxProperties", "not",
    "oneOf", "properties", "propertyNames", "required", "then", "type",
  ]
  /// The keywords that only describe (and those holding definitions).
  static let annotations: Set<String> = [
    "$comment", "$defs", "$schema", "default", "deprecated", "description", "readOnly", "title",
  ]

  let document: PlainObject

  init(_ document: Plain) { self.document = document.object ?? PlainObject() }

  /// The errors of `value` against the document's root, each with where it is.
  func errors(_ value: Plain) -> [String] { errors(value, .object(document), at: "") }

  /// Whether `value` is valid.
  func accepts(_ value: Plain) -> Bool { errors(value).isEmpty }

  func errors(_ value: Plain, _ schema: Plain, at path: String) -> [String] {
    if case .bool(let b) = schema { return b ? [] : ["\(path): false schema"] }
    guard let s = schema.object else { return ["\(path): schema is not an object"] }
    var out: [String] = []
    if let ref = s["$ref"]?.string {
      let name = String(ref.dropFirst("#/$defs/".count))
      if let target = document["$defs"]?.object?[name] {
        out += errors(value, target, at: path)
      } else {
        out.append("\(path): unresolved \(ref)")
      }
    }
    if let type = s["type"]?.string, !Self.has(value, type: type) { out.append("\(path): not \(type)") }
    if let e = s["enum"]?.list, !e.contains(value) { out.append("\(path): not one of the enum") }
    if let c = s["const"], c != value { out.append("\(path): not the const") }
    for sub in s["allOf"]?.list ?? [] { out += errors(value, sub, at: path) }
    if let any = s["anyOf"]?.list, !any.contains(where: { errors(value, $0, at: path).isEmpty }) {
      out.append("\(path): no anyOf branch")
    }
    if let one = s["oneOf"]?.list {
      let n = one.filter { errors(value, $0, at: path).isEmpty }.count
      if n != 1 { out.append("\(path): \(n) oneOf branches") }
    }
    if let not = s["not"], errors(value, not, at: path).isEmpty { out.append("\(path): matches not") }
    if let cond = s["if"] {
      if errors(value, cond, at: path).isEmpty {
        if let then = s["then"] { out += errors(value, then, at: path) }
      } else if let otherwise = s["else"] {
        out += errors(value, otherwise, at: path)
      }
    }
    if case .object(let o) = value { out += objectErrors(o, s, at: path) }
    if case .list(let items) = value, let itemSchema = s["items"] {
      for (i, item) in items.enumerated() { out += errors(item, itemSchema, at: "\(path)/\(i)") }
    }
    return out
  }

  private func objectErrors(_ o: PlainObject, _ s: PlainObject, at path: String) -> [String] {
    var out: [String] = []
    for key in s["required"]?.list?.compactMap(\.string) ?? [] where o[key] == nil {
      out.append("\(path): missing \(key)")
    }
    if case .int(let max)? = s["maxProperties"], o.count > max { out.append("\(path): more than \(max) properties") }
    let properties = s["properties"]?.object ?? PlainObject()
    for (key, value) in o.entries {
      if let names = s["propertyNames"] { out += errors(.string(key), names, at: "\(path)/\(key) (name)") }
      if let p = properties[key] {
        out += errors(value, p, at: "\(path)/\(key)")
      } else if let extra = s["additionalProperties"] {
        out += errors(value, extra, at: "\(path)/\(key)")
      }
    }
    return out
  }

  static func has(_ value: Plain, type: String) -> Bool {
    switch (type, value) {
    case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .list), ("object", .object): true
    case ("integer", .int), ("number", .int), ("number", .float): true
    case ("integer", .float(let f)): f.rounded() == f
    default: false
    }
  }

  /// The keywords of every schema in `schema` that the validator neither checks nor knows as annotations.
  static func unknownKeywords(in schema: Plain) -> Set<String> {
    guard let s = schema.object else { return [] }
    var out = Set(s.keys).subtracting(assertions).subtracting(annotations)
    for key in ["additionalProperties", "else", "if", "items", "not", "propertyNames", "then"] {
      if let sub = s[key] { out.formUnion(unknownKeywords(in: sub)) }
    }
    for key in ["$defs", "properties"] {
      guard let subs = s[key]?.object else { continue }
      for (_, sub) in subs.entries { out.formUnion(unknownKeywords(in: sub)) }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
      for sub in s[key]?.list ?? [] { out.formUnion(unknownKeywords(in: sub)) }
    }
    return out
  }
}
