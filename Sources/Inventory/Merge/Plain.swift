import NixEval
import NixLexer

/// A fully evaluated, JSON-shaped value: what the inventory merge produces and the dump writes.
public indirect enum Plain: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int64)
  case float(Double)
  case string(String)
  case list([Plain])
  case object(PlainObject)

  /// The string, if this is one.
  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The object, if this is one.
  public var object: PlainObject? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// The list, if this is one.
  public var list: [Plain]? {
    if case .list(let l) = self { return l }
    return nil
  }

  /// An object from `(key, value)` pairs (keys sorted, no positions).
  public static func object(_ pairs: [(String, Plain)]) -> Plain {
    var o = PlainObject()
    for (k, v) in pairs { o[k] = v }
    return .object(o)
  }

  /// A list of strings.
  public static func strings(_ items: [String]) -> Plain { .list(items.map { .string($0) }) }
}

/// A JSON object: keys kept sorted bytewise, each with the position of its (first) definition.
public struct PlainObject: Equatable, Sendable {
  public private(set) var keys: [String] = []
  public private(set) var values: [Plain] = []
  public private(set) var spans: [Span] = []

  public init() {}

  /// The index of `key`, or where it would go.
  private func search(_ key: String) -> (Int, Bool) {
    var lo = 0
    var hi = keys.count
    while lo < hi {
      let mid = (lo + hi) / 2
      let m = keys[mid]
      if m == key { return (mid, true) }
      if bytewise(m, key) { lo = mid + 1 } else { hi = mid }
    }
    return (lo, false)
  }

  public subscript(key: String) -> Plain? {
    get {
      let (i, found) = search(key)
      return found ? values[i] : nil
    }
    set {
      let (i, found) = search(key)
      if let newValue {
        if found {
          values[i] = newValue
        } else {
          keys.insert(key, at: i)
          values.insert(newValue, at: i)
          spans.insert(.unknown, at: i)
        }
      } else if found {
        keys.remove(at: i)
        values.remove(at: i)
        spans.remove(at: i)
      }
    }
  }

  /// Sets `key` with the position of its definition.
  public mutating func set(_ key: String, _ value: Plain, at span: Span) {
    self[key] = value
    let (i, _) = search(key)
    spans[i] = span
  }

  /// Appends a key known to sort after every key present (building from sorted input).
  public mutating func append(_ key: String, _ value: Plain, at span: Span) {
    if let last = keys.last, !bytewise(last, key) {
      set(key, value, at: span)
      return
    }
    keys.append(key)
    values.append(value)
    spans.append(span)
  }

  /// The position of `key`'s definition.
  public func span(of key: String) -> Span? {
    let (i, found) = search(key)
    return found && spans[i].isKnown ? spans[i] : nil
  }

  public var count: Int { keys.count }
  public var isEmpty: Bool { keys.isEmpty }

  /// `(key, value)` pairs in key order.
  public var entries: Zip2Sequence<[String], [Plain]> { zip(keys, values) }

  public static func == (a: PlainObject, b: PlainObject) -> Bool { a.keys == b.keys && a.values == b.values }
}
