import NixLexer
import NixParser

extension Span {
  /// The position of a value no source text produced (a builtin's result, JSON input).
  public static let unknown = Span(file: SourceFileID(UInt32.max), start: 0, end: 0)
  /// Whether the span points into a source file.
  public var isKnown: Bool { file.rawValue != UInt32.max }
}

/// An attribute set: names kept sorted by symbol id, with values and the positions that
/// defined them in parallel arrays. Lookups are a linear scan for small sets and a binary
/// search otherwise; `//` merges two sorted sets in one pass.
public final class Attrs {
  public let keys: [Symbol]
  public let values: [Value]
  /// Where each attribute was defined (``Span/unknown`` when no source text did).
  public let positions: [Span]

  /// A set from parallel arrays already sorted by symbol id, without duplicates.
  public init(sortedKeys: [Symbol], values: [Value], positions: [Span]) {
    self.keys = sortedKeys
    self.values = values
    self.positions = positions
  }

  /// The empty set.
  nonisolated(unsafe) public static let empty = Attrs(sortedKeys: [], values: [], positions: [])

  public var count: Int { keys.count }
  public var isEmpty: Bool { keys.isEmpty }

  /// The index of `name`, if present.
  @inline(__always) public func index(of name: Symbol) -> Int? {
    let n = keys.count
    if n <= 8 {
      var i = 0
      while i < n {
        if keys[i] == name { return i }
        i += 1
      }
      return nil
    }
    var lo = 0
    var hi = n
    while lo < hi {
      let mid = (lo + hi) >> 1
      let k = keys[mid]
      if k == name { return mid }
      if k.id < name.id { lo = mid + 1 } else { hi = mid }
    }
    return nil
  }

  /// The (possibly unevaluated) value of `name`.
  @inline(__always) public subscript(name: Symbol) -> Value? {
    guard let i = index(of: name) else { return nil }
    return values[i]
  }

  /// The set with `other`'s attributes added, `other` winning on equal names.
  public func updated(with other: Attrs) -> Attrs {
    if other.isEmpty { return self }
    if isEmpty { return other }
    var k: [Symbol] = []
    var v: [Value] = []
    var p: [Span] = []
    let capacity = keys.count + other.keys.count
    k.reserveCapacity(capacity)
    v.reserveCapacity(capacity)
    p.reserveCapacity(capacity)
    var i = 0
    var j = 0
    while i < keys.count || j < other.keys.count {
      if j == other.keys.count || (i < keys.count && keys[i].id < other.keys[j].id) {
        k.append(keys[i])
        v.append(values[i])
        p.append(positions[i])
        i += 1
      } else {
        if i < keys.count && keys[i] == other.keys[j] { i += 1 }
        k.append(other.keys[j])
        v.append(other.values[j])
        p.append(other.positions[j])
        j += 1
      }
    }
    return Attrs(sortedKeys: k, values: v, positions: p)
  }
}

/// Builds an ``Attrs`` from attributes in any order; a later duplicate replaces an earlier one
/// unless the caller checks ``contains(_:)`` first.
public struct AttrsBuilder {
  private var entries: [(Symbol, Value, Span)] = []

  public init(capacity: Int = 0) { entries.reserveCapacity(capacity) }

  /// Adds (or, for a name already added, replaces) an attribute.
  public mutating func add(_ name: Symbol, _ value: Value, at span: Span = .unknown) {
    entries.append((name, value, span))
  }

  public var count: Int { entries.count }

  /// Whether `name` was added.
  public func contains(_ name: Symbol) -> Bool { entries.contains { $0.0 == name } }

  /// The set; for duplicate names the last one added wins.
  public func build() -> Attrs {
    if entries.isEmpty { return .empty }
    var sorted = entries
    var isSorted = true
    for i in 1..<max(1, sorted.count) where sorted[i - 1].0.id >= sorted[i].0.id {
      isSorted = false
      break
    }
    if !isSorted {
      // Stable, so that the last duplicate stays last.
      sorted = sorted.enumerated().sorted { ($0.element.0.id, $0.offset) < ($1.element.0.id, $1.offset) }.map(\.element)
    }
    var k: [Symbol] = []
    var v: [Value] = []
    var p: [Span] = []
    k.reserveCapacity(sorted.count)
    v.reserveCapacity(sorted.count)
    p.reserveCapacity(sorted.count)
    for (name, value, span) in sorted {
      if let last = k.last, last == name {
        v[v.count - 1] = value
        p[p.count - 1] = span
      } else {
        k.append(name)
        v.append(value)
        p.append(span)
      }
    }
    return Attrs(sortedKeys: k, values: v, positions: p)
  }
}
