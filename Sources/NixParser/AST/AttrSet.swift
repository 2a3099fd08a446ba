import NixLexer

/// How an attribute of a set or `let` gets its value.
public enum AttrValue: Sendable {
  /// `name = expr;`
  case plain(Expr)
  /// `inherit name;`: the variable `name` of the enclosing scope.
  case inherited(Variable)
  /// `inherit (source) name;`: `source.name`, where `source` is
  /// ``AttrSet/inheritSources``[`sourceIndex`].
  case inheritedFrom(sourceIndex: Int)
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
public final class AttrSet: @unchecked Sendable {
  public internal(set) var isRecursive: Bool
  public internal(set) var entries: [AttrEntry] = []
  public internal(set) var dynamicAttrs: [DynamicAttr] = []
  /// The source expressions of `inherit (source) …;`, in order.
  public internal(set) var inheritSources: [Expr] = []
  public internal(set) var span: Span
  private var lookup: [Symbol: Int]? = nil
  /// The entries' indices ordered by symbol id: filled in by the evaluator the first time it
  /// builds this set, so that later instances need no sorting.
  public var evaluationOrder: [Int]? = nil
  /// The names and their spans in ``evaluationOrder``, shared by every set the evaluator
  /// builds from this node.
  public var sortedNames: [Symbol]? = nil
  public var sortedSpans: [Span]? = nil
  /// The evaluator's note on whether the set can be built eagerly.
  public var isFlatLiteral: Bool? = nil

  public init(isRecursive: Bool, span: Span) {
    self.isRecursive = isRecursive
    self.span = span
  }

  /// The position of the entry named `name`, if any.
  public func index(of name: Symbol) -> Int? {
    if let lookup { return lookup[name] }
    for i in entries.indices where entries[i].name == name { return i }
    return nil
  }

  /// Appends an entry whose name is not yet present.
  func append(_ entry: AttrEntry) {
    // Most sets hold a handful of attributes: one allocation instead of growing 1, 2, 4, 8.
    if entries.isEmpty { entries.reserveCapacity(8) }
    entries.append(entry)
    if lookup != nil {
      lookup![entry.name] = entries.count - 1
    } else if entries.count > 12 {
      var table = [Symbol: Int](minimumCapacity: entries.count * 2)
      for (i, e) in entries.enumerated() { table[e.name] = i }
      lookup = table
    }
  }

  func setValue(_ value: AttrValue, at index: Int) { entries[index].value = value }
  func appendDynamic(_ attr: DynamicAttr) { dynamicAttrs.append(attr) }
  func appendInheritSource(_ source: Expr) -> Int {
    inheritSources.append(source)
    return inheritSources.count - 1
  }
  func extendSpan(to other: Span) { span = span.merged(with: other) }
}
