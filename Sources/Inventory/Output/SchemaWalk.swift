/// Walks the subschemas of a JSON schema (draft 2020-12) held as a ``Plain`` value. Only the
/// keywords that hold schemas are entered, so data (`default`, `enum`, `const`, `examples`) and
/// the names of properties are never taken for schema keywords.
///
/// Each node is walked with whether it is *complete*: beneath `items` (or another keyword
/// about array elements). A list element is a whole definition of its value — Nix never merges
/// two list elements — while everything else in the inventory (an object's properties, an
/// attribute set's values) may be given partly in one definition and partly in another.
enum SchemaWalk {
  /// Keywords whose value is one subschema, with whether it is about array elements.
  static let single: [(String, Bool)] = [
    ("additionalItems", true), ("additionalProperties", false), ("contains", true), ("else", false),
    ("if", false), ("items", true), ("not", false), ("propertyNames", false), ("then", false),
    ("unevaluatedItems", true), ("unevaluatedProperties", false),
  ]
  /// Keywords whose value is an object of subschemas.
  static let named = ["$defs", "definitions", "dependentSchemas", "patternProperties", "properties"]
  /// Keywords whose value is an array of subschemas, with whether it is about array elements.
  static let listed: [(String, Bool)] = [("allOf", false), ("anyOf", false), ("oneOf", false), ("prefixItems", true)]

  /// `schema` with `visit` applied to every schema object in it, each before its subschemas
  /// (so that the subschemas walked are those `visit` leaves). `$defs` are not entered: a
  /// document's definitions are walked one by one, by their caller.
  static func map(_ schema: Plain, complete: Bool, _ visit: (inout PlainObject, _ complete: Bool) -> Void) -> Plain {
    guard case .object(var node) = schema else { return schema }
    visit(&node, complete)
    for (key, elements) in single {
      if let sub = node[key] { node[key] = map(sub, complete: complete || elements, visit) }
    }
    for key in named where key != "$defs" && key != "definitions" {
      guard case .object(var subs)? = node[key] else { continue }
      for (name, sub) in Array(subs.entries) { subs[name] = map(sub, complete: complete, visit) }
      node[key] = .object(subs)
    }
    for (key, elements) in listed {
      guard case .list(let subs)? = node[key] else { continue }
      node[key] = .list(subs.map { map($0, complete: complete || elements, visit) })
    }
    return .object(node)
  }

  /// The definitions `schema` refers to (`#/$defs/NAME…`), each with whether every path to the
  /// reference is complete.
  static func references(in schema: Plain, complete: Bool) -> [(name: String, complete: Bool)] {
    var found: [(name: String, complete: Bool)] = []
    _ = map(schema, complete: complete) { node, complete in
      if let ref = node["$ref"]?.string, let name = definitionName(ref) { found.append((name, complete)) }
    }
    return found
  }

  /// The definitions of `defs` that a definition reachable from `root` may be given partly:
  /// reached by some path from `root` that is not beneath `items`.
  static func partialDefinitions(_ defs: PlainObject, root: String) -> Set<String> {
    var partial: Set<String> = []
    var complete: Set<String> = []
    var pending: [(String, Bool)] = [(root, false)]
    while let (name, isComplete) = pending.popLast() {
      if isComplete {
        guard !complete.contains(name), !partial.contains(name) else { continue }
        complete.insert(name)
      } else {
        guard !partial.contains(name) else { continue }
        partial.insert(name)
      }
      guard let schema = defs[name] else { continue }
      for ref in references(in: schema, complete: isComplete) { pending.append((ref.name, ref.complete)) }
    }
    return partial
  }

  // MARK: - References

  static let definitionsPrefix = "#/$defs/"

  /// The definition `ref` points into (`#/$defs/NAME` or below it), unescaped; nil for any
  /// other reference.
  static func definitionName(_ ref: String) -> String? {
    guard ref.hasPrefix(definitionsPrefix) else { return nil }
    let rest = ref.dropFirst(definitionsPrefix.count)
    let segment = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    return String(segment).replacing("~1", with: "/").replacing("~0", with: "~")
  }

  /// `ref` pointing to `newName` instead of its definition (what follows the name is kept).
  static func retarget(_ ref: String, to newName: String) -> String {
    let rest = ref.dropFirst(definitionsPrefix.count)
    let tail = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
    return definitionsPrefix + pointerSegment(newName) + tail
  }

  /// A reference to the definition `name`.
  static func reference(_ name: String) -> String { definitionsPrefix + pointerSegment(name) }

  /// `name` as a JSON Pointer segment (`~` and `/` escaped).
  static func pointerSegment(_ name: String) -> String {
    name.replacing("~", with: "~0").replacing("/", with: "~1")
  }
}
