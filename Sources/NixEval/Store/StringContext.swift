/// What a string refers to in the Nix store, as Nix tracks it: every string made from a path
/// copied to the store, a derivation's `drvPath` or one of its outputs remembers that store
/// object, and `derivation` turns what its attributes remember into its inputs.
///
/// The elements are kept sorted (in Nix's order: plain paths, then whole derivations, then
/// derivation outputs; each by path, outputs by name) and without duplicates, so that two equal
/// contexts have equal arrays and the first element is the one Nix names in its errors.
public struct StringContext: Hashable, Sendable {
  /// One store object a string refers to.
  public enum Element: Hashable, Sendable, Comparable {
    /// A store path as it is (a source copied to the store, a `toFile` result, a `.drv` file
    /// without its outputs).
    case opaque(String)
    /// A derivation (`.drv` path) with everything it depends on and all its outputs: what a
    /// `drvPath` string carries.
    case derivationDeep(String)
    /// One output of a derivation: what an `outPath` string carries.
    case built(drvPath: String, output: String)

    /// The store path the element is about (the derivation's, for the last two).
    public var path: String {
      switch self {
      case .opaque(let p), .derivationDeep(let p), .built(let p, _): p
      }
    }

    private var rank: Int {
      switch self {
      case .opaque: 0
      case .derivationDeep: 1
      case .built: 2
      }
    }

    public static func < (a: Element, b: Element) -> Bool {
      if a.rank != b.rank { return a.rank < b.rank }
      let pa = a.path.utf8
      let pb = b.path.utf8
      if !pa.elementsEqual(pb) { return pa.lexicographicallyPrecedes(pb) }
      if case .built(_, let oa) = a, case .built(_, let ob) = b {
        return oa.utf8.lexicographicallyPrecedes(ob.utf8)
      }
      return false
    }

    /// The element as Nix writes it in messages about context encodings (`to_string`): the
    /// base name, `=` before a whole derivation, `!output!` before a derivation output.
    public var encoded: String {
      switch self {
      case .opaque(let p): PathUtilities.baseName(of: p)
      case .derivationDeep(let p): "=" + PathUtilities.baseName(of: p)
      case .built(let p, let o): "!" + o + "!" + PathUtilities.baseName(of: p)
      }
    }

    /// The element as Nix shows it to users: the path, `path (deep)`, or `drvPath^output`.
    public var display: String {
      switch self {
      case .opaque(let p): p
      case .derivationDeep(let p): p + " (deep)"
      case .built(let p, let o): p + "^" + o
      }
    }
  }

  /// The elements, sorted and unique.
  public private(set) var elements: [Element]

  /// No context (computed, so that reading it costs no lazy initialisation).
  public static var empty: StringContext { StringContext(sorted: []) }

  private init(sorted: [Element]) { elements = sorted }

  /// A context of one element.
  public init(_ element: Element) { elements = [element] }

  /// A context of `elements` in any order, possibly repeated.
  public init<S: Sequence>(_ elements: S) where S.Element == Element {
    var all = Array(elements)
    all.sort()
    var unique: [Element] = []
    unique.reserveCapacity(all.count)
    for e in all where unique.last != e { unique.append(e) }
    self.elements = unique
  }

  public var isEmpty: Bool { elements.isEmpty }
  public var count: Int { elements.count }

  /// Adds the elements of `other`.
  public mutating func formUnion(_ other: StringContext) {
    if other.elements.isEmpty || other.elements == elements { return }
    if elements.isEmpty {
      elements = other.elements
      return
    }
    // Both sorted: merge.
    var merged: [Element] = []
    merged.reserveCapacity(elements.count + other.elements.count)
    var i = 0
    var j = 0
    let a = elements
    let b = other.elements
    while i < a.count || j < b.count {
      if j == b.count || (i < a.count && a[i] < b[j]) {
        merged.append(a[i])
        i += 1
      } else if i == a.count || b[j] < a[i] {
        merged.append(b[j])
        j += 1
      } else {
        merged.append(a[i])
        i += 1
        j += 1
      }
    }
    elements = merged
  }

  /// Adds one element.
  public mutating func insert(_ element: Element) { formUnion(StringContext(element)) }
}
