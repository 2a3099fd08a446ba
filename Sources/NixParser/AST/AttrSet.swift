import NixLexer

/// How an attribute of a set or `let` gets its value.
public enum AttrValue: Sendable {
  /// `name = expr;`
  case plain(Expr)
  /// `inherit name;`: the variable `name` of the enclosing scope.
  case inherited(Variable)
  /// `inherit (source) name;`: `source.name`, where `source` is
  /// ``AttrSet/inheritSources``[`sourceIndex`]. (A 32-bit index keeps the enum, and so every
  /// ``AttrEntry``, one word smaller.)
  case inheritedFrom(sourceIndex: UInt32)
}

/// One attribute with a static name.
public struct AttrEntry: Sendable {
  public let name: Symbol
  /// Where the name was defined (the start of its attribute path).
  public let span: Span
  public internal(set) var value: AttrValue
}

/// `"${name}" = value;`: an attribute whose name is computed at run time.
public struct DynamicAttr: Sendable {
  public let name: Expr
  public let value: Expr
  public let span: Span
}

/// `{ … }` or `rec { … }`, and the bindings of a `let`.
///
/// Static attributes are kept in definition order with a name index; nested paths
/// (`a.b = 1; a.c = 2;`) have already been merged into nested sets, as Nix merges them.
///
/// A generated file holds tens of thousands of small sets, so the node is kept small: what
/// few sets have (dynamic attributes, `inherit (…)` sources, a name index for large sets) and
/// what the evaluator caches live in side objects made only when needed.
public final class AttrSet: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public internal(set) var span: Span
  public internal(set) var entries: [AttrEntry] = []
  public internal(set) var isRecursive: Bool
  /// The evaluator's note on whether the set can be built eagerly.
  public var isFlatLiteral: Bool? = nil
  private var extras: Extras? = nil
  private var cache: EvaluationCache? = nil

  /// The parts of a set that most sets lack.
  private final class Extras {
    var dynamicAttrs: [DynamicAttr] = []
    var inheritSources: [Expr] = []
    var lookup: SymbolIndex? = nil
  }

  /// What the evaluator works out once per set node and reuses for every value built from it.
  private final class EvaluationCache {
    var evaluationOrder: [Int]? = nil
    var sortedNames: [Symbol]? = nil
    var sortedSpans: [Span]? = nil
  }

  public init(isRecursive: Bool, span: Span) {
    self.isRecursive = isRecursive
    self.span = span
  }

  /// The attributes whose names are computed at run time, in order.
  public var dynamicAttrs: [DynamicAttr] { extras?.dynamicAttrs ?? [] }

  /// Whether the set has attributes whose names are computed at run time.
  public var hasDynamicAttrs: Bool { extras.map { !$0.dynamicAttrs.isEmpty } ?? false }

  /// The source expressions of `inherit (source) …;`, in order.
  public var inheritSources: [Expr] { extras?.inheritSources ?? [] }

  /// The entries' indices ordered by symbol id: filled in by the evaluator the first time it
  /// builds this set, so that later instances need no sorting.
  public var evaluationOrder: [Int]? {
    get { cache?.evaluationOrder }
    set { evaluationCache.evaluationOrder = newValue }
  }

  /// The names in ``evaluationOrder``, shared by every set the evaluator builds from this node.
  public var sortedNames: [Symbol]? {
    get { cache?.sortedNames }
    set { evaluationCache.sortedNames = newValue }
  }

  /// The definition spans in ``evaluationOrder``.
  public var sortedSpans: [Span]? {
    get { cache?.sortedSpans }
    set { evaluationCache.sortedSpans = newValue }
  }

  private var evaluationCache: EvaluationCache {
    if let cache { return cache }
    let made = EvaluationCache()
    cache = made
    return made
  }

  private var madeExtras: Extras {
    if let extras { return extras }
    let made = Extras()
    extras = made
    return made
  }

  /// The position of the entry named `name`, if any.
  public func index(of name: Symbol) -> Int? {
    if let lookup = extras?.lookup { return lookup.position(of: name) }
    for i in entries.indices where entries[i].name == name { return i }
    return nil
  }

  /// Appends an entry whose name is not yet present.
  func append(_ entry: AttrEntry) {
    // Most sets hold a handful of attributes: one allocation instead of growing 1, 2, 4.
    if entries.isEmpty { entries.reserveCapacity(4) }
    entries.append(entry)
    if let extras, extras.lookup != nil {
      extras.lookup!.insert(entry.name, at: entries.count - 1)
    } else if entries.count > 12 {
      var table = SymbolIndex(capacity: entries.count * 2)
      for (i, e) in entries.enumerated() { table.insert(e.name, at: i) }
      madeExtras.lookup = table
    }
  }

  func setValue(_ value: AttrValue, at index: Int) { entries[index].value = value }
  func appendDynamic(_ attr: DynamicAttr) { madeExtras.dynamicAttrs.append(attr) }
  func appendInheritSource(_ source: Expr) -> UInt32 {
    let extras = madeExtras
    extras.inheritSources.append(source)
    return UInt32(extras.inheritSources.count - 1)
  }
  func extendSpan(to other: Span) { span = span.merged(with: other) }
}

/// Positions by name for the entries of a large set: open addressing over symbol ids, each
/// slot one word (id + 1 above, position below; 0 is empty). Cheaper than a `Dictionary`,
/// which hashes every key with SipHash.
struct SymbolIndex {
  private var slots: [UInt64]
  private var count = 0

  init(capacity: Int) {
    var size = 16
    while size < capacity * 2 { size *= 2 }
    slots = [UInt64](repeating: 0, count: size)
  }

  @inline(__always) private static func start(_ symbol: Symbol, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (UInt64(symbol.id) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  /// The position recorded for `symbol`, if any.
  func position(of symbol: Symbol) -> Int? {
    let mask = slots.count - 1
    let key = UInt64(symbol.id) + 1
    var i = Self.start(symbol, mask)
    while true {
      let slot = slots[i]
      if slot == 0 { return nil }
      if slot >> 32 == key { return Int(slot & 0xFFFF_FFFF) }
      i = (i + 1) & mask
    }
  }

  /// Records `symbol` at `position` (a name not yet present).
  mutating func insert(_ symbol: Symbol, at position: Int) {
    if (count + 1) * 2 > slots.count { grow() }
    let mask = slots.count - 1
    var i = Self.start(symbol, mask)
    while slots[i] != 0 { i = (i + 1) & mask }
    slots[i] = (UInt64(symbol.id) + 1) << 32 | UInt64(UInt32(truncatingIfNeeded: position))
    count += 1
  }

  private mutating func grow() {
    let old = slots
    slots = [UInt64](repeating: 0, count: old.count * 2)
    let mask = slots.count - 1
    for slot in old where slot != 0 {
      var i = Self.start(Symbol(id: UInt32(slot >> 32 - 1)), mask)
      while slots[i] != 0 { i = (i + 1) & mask }
      slots[i] = slot
    }
  }
}
