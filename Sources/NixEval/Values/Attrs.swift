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
/// search otherwise.
///
/// `a // b` does not copy: it makes a set of two layers that looks names up in `b`, then in
/// `a`. The layers are merged into flat arrays (in one pass over both sorted sides) the first
/// time something needs them — iteration, ``index(of:)`` — or when layers pile up more than
/// ``maxLayers`` deep, so that a fold of updates stays linear and lookups stay short.
public final class Attrs {
  private var flatKeys: [Symbol]
  private var flatValues: [Value]
  private var flatPositions: [Span]
  /// For a layered set (`lower // upper`): the two sides, until flattened.
  private var lower: Attrs?
  private var upper: Attrs?
  /// How many layers this set stacks (0 when flat).
  private var layers: Int
  /// The deepest stack of layers kept before merging.
  static let maxLayers = 12

  /// A set from parallel arrays already sorted by symbol id, without duplicates.
  public init(sortedKeys: [Symbol], values: [Value], positions: [Span]) {
    self.flatKeys = sortedKeys
    self.flatValues = values
    self.flatPositions = positions
    self.layers = 0
  }

  private init(lower: Attrs, upper: Attrs) {
    self.flatKeys = []
    self.flatValues = []
    self.flatPositions = []
    self.lower = lower
    self.upper = upper
    self.layers = max(lower.layers, upper.layers) + 1
  }

  /// The empty set.
  nonisolated(unsafe) public static let empty = Attrs(sortedKeys: [], values: [], positions: [])

  /// The names, sorted by symbol id.
  public var keys: [Symbol] {
    flatten()
    return flatKeys
  }
  /// The (possibly unevaluated) values, in ``keys`` order.
  public var values: [Value] {
    flatten()
    return flatValues
  }
  /// Where each attribute was defined (``Span/unknown`` when no source text did).
  public var positions: [Span] {
    flatten()
    return flatPositions
  }

  public var count: Int {
    flatten()
    return flatKeys.count
  }
  /// Whether the set has no attributes (a layered set never is empty).
  public var isEmpty: Bool { lower == nil && flatKeys.isEmpty }

  /// The index of `name` in ``keys``, if present.
  @inline(__always) public func index(of name: Symbol) -> Int? {
    flatten()
    return flatIndex(of: name)
  }

  @inline(__always) private func flatIndex(of name: Symbol) -> Int? {
    let n = flatKeys.count
    if n <= 8 {
      var i = 0
      while i < n {
        if flatKeys[i] == name { return i }
        i += 1
      }
      return nil
    }
    var lo = 0
    var hi = n
    while lo < hi {
      let mid = (lo + hi) >> 1
      let k = flatKeys[mid]
      if k == name { return mid }
      if k.id < name.id { lo = mid + 1 } else { hi = mid }
    }
    return nil
  }

  /// The (possibly unevaluated) value of `name`.
  @inline(__always) public subscript(name: Symbol) -> Value? {
    if let upper {
      if let v = upper[name] { return v }
      return lower.unsafelyUnwrapped[name]
    }
    guard let i = flatIndex(of: name) else { return nil }
    return flatValues[i]
  }

  /// Where `name` was defined, if it is present.
  public func position(of name: Symbol) -> Span? {
    if let upper {
      if let p = upper.position(of: name) { return p }
      return lower.unsafelyUnwrapped.position(of: name)
    }
    guard let i = flatIndex(of: name) else { return nil }
    return flatPositions[i]
  }

  /// The set with `other`'s attributes added, `other` winning on equal names.
  public func updated(with other: Attrs) -> Attrs {
    if other.isEmpty { return self }
    if isEmpty { return other }
    let layered = Attrs(lower: self, upper: other)
    if layered.layers > Self.maxLayers { layered.flatten() }
    return layered
  }

  /// Merges the layers into flat arrays.
  @inline(__always) private func flatten() {
    if lower != nil { merge() }
  }

  @inline(never) private func merge() {
    // The layers below are read, not flattened in place: only this set gets flat arrays, so
    // a long chain of updates does not leave a full copy in every layer.
    let (k, v, p) = flatContents()
    flatKeys = k
    flatValues = v
    flatPositions = p
    self.lower = nil
    self.upper = nil
    layers = 0
  }

  /// The flat arrays of this set, computed from its layers if it has any.
  ///
  /// The flat sets at the leaves of the layers are merged two neighbours at a time, the
  /// smallest pair first (`//` is associative), so that a big set under many small updates is
  /// copied once rather than once per layer.
  private func flatContents() -> ([Symbol], [Value], [Span]) {
    guard lower != nil else { return (flatKeys, flatValues, flatPositions) }
    var parts: [([Symbol], [Value], [Span])] = []
    collectLeaves(into: &parts)
    while parts.count > 1 {
      var best = 0
      var bestSize = Int.max
      for i in 0..<(parts.count - 1) {
        let size = parts[i].0.count + parts[i + 1].0.count
        if size < bestSize {
          best = i
          bestSize = size
        }
      }
      let merged = Self.merge(parts[best], under: parts[best + 1])
      parts[best] = merged
      parts.remove(at: best + 1)
    }
    return parts[0]
  }

  /// The flat sets under this one, lowest priority first.
  private func collectLeaves(into parts: inout [([Symbol], [Value], [Span])]) {
    if let lower, let upper {
      lower.collectLeaves(into: &parts)
      upper.collectLeaves(into: &parts)
    } else {
      parts.append((flatKeys, flatValues, flatPositions))
    }
  }

  /// The attributes of `a` and `b`, `b` winning on equal names. Runs of one side between
  /// names of the other are copied in bulk, found by binary search.
  private static func merge(
    _ a: ([Symbol], [Value], [Span]), under b: ([Symbol], [Value], [Span])
  ) -> ([Symbol], [Value], [Span]) {
    let (ak, av, ap) = a
    let (bk, bv, bp) = b
    if ak.isEmpty { return b }
    if bk.isEmpty { return a }
    var k: [Symbol] = []
    var v: [Value] = []
    var p: [Span] = []
    let capacity = ak.count + bk.count
    k.reserveCapacity(capacity)
    v.reserveCapacity(capacity)
    p.reserveCapacity(capacity)
    var i = 0
    var j = 0
    while i < ak.count && j < bk.count {
      // The run of `a` below `bk[j]`, then the run of `b` below `ak[i]`.
      let endA = lowerBound(ak, from: i, bk[j].id)
      if endA > i {
        k.append(contentsOf: ak[i..<endA])
        v.append(contentsOf: av[i..<endA])
        p.append(contentsOf: ap[i..<endA])
        i = endA
        if i == ak.count { break }
      }
      if ak[i] == bk[j] { i += 1 }
      let endB = i < ak.count ? lowerBound(bk, from: j + 1, ak[i].id) : bk.count
      k.append(contentsOf: bk[j..<endB])
      v.append(contentsOf: bv[j..<endB])
      p.append(contentsOf: bp[j..<endB])
      j = endB
    }
    if i < ak.count {
      k.append(contentsOf: ak[i...])
      v.append(contentsOf: av[i...])
      p.append(contentsOf: ap[i...])
    }
    if j < bk.count {
      k.append(contentsOf: bk[j...])
      v.append(contentsOf: bv[j...])
      p.append(contentsOf: bp[j...])
    }
    return (k, v, p)
  }

  /// The first index from `start` on whose symbol id is not below `id`: a gallop, then a
  /// binary search, so that short runs cost little.
  private static func lowerBound(_ keys: [Symbol], from start: Int, _ id: UInt32) -> Int {
    var lo = start
    var step = 1
    var hi = start
    while hi < keys.count && keys[hi].id < id {
      lo = hi + 1
      hi = start + step
      step <<= 1
    }
    hi = min(hi, keys.count)
    while lo < hi {
      let mid = (lo + hi) >> 1
      if keys[mid].id < id { lo = mid + 1 } else { hi = mid }
    }
    return lo
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
    let n = entries.count
    if n == 0 { return .empty }
    var isSorted = true
    var i = 1
    while i < n {
      if entries[i - 1].0.id >= entries[i].0.id {
        isSorted = false
        break
      }
      i += 1
    }
    var k: [Symbol] = []
    var v: [Value] = []
    var p: [Span] = []
    k.reserveCapacity(n)
    v.reserveCapacity(n)
    p.reserveCapacity(n)
    if isSorted {
      for (name, value, span) in entries {
        k.append(name)
        v.append(value)
        p.append(span)
      }
      return Attrs(sortedKeys: k, values: v, positions: p)
    }
    // Indices sorted by name, ties by position: the last duplicate stays last and wins.
    var order = [Int32](repeating: 0, count: n)
    for j in 0..<n { order[j] = Int32(j) }
    entries.withUnsafeBufferPointer { e in
      order.sort { a, b in
        let x = e[Int(a)].0.id
        let y = e[Int(b)].0.id
        return x != y ? x < y : a < b
      }
    }
    for j in order {
      let (name, value, span) = entries[Int(j)]
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
