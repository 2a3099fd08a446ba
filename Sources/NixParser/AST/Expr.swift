import NixLexer

/// A Nix expression: the syntax tree the parser builds, the evaluator walks and `--parse` prints.
///
/// Each case wraps a final class holding the node's fields and its ``Span``. Nodes are
/// classes so that later passes can annotate them in place (the ``Binder`` resolves each
/// ``Variable`` to a scope slot) and so that the tree can be shared without copying.
///
/// The tree is Nix's own: there are no parenthesis nodes, and operators Nix desugars are
/// desugared the same way (`a - b` is a call of `__sub`, `a < b` of `__lessThan`, `-a` is
/// `__sub 0 a`, `<p>` is `__findFile __nixPath "p"`), so that `nixinv parse` prints what
/// `nix-instantiate --parse` prints and shadowing those names behaves as in Nix.
public enum Expr: Sendable {
  case int(IntLiteral)
  case float(FloatLiteral)
  case string(StringLiteral)
  case path(PathLiteral)
  case variable(Variable)
  case currentPosition(CurrentPosition)
  case select(Select)
  case hasAttr(HasAttr)
  case attrSet(AttrSet)
  case list(ListLiteral)
  case lambda(Lambda)
  case call(Call)
  case letIn(LetIn)
  case with(With)
  case ifThenElse(IfThenElse)
  case assertion(Assertion)
  case not(Not)
  case binary(BinaryOperation)
  case concatStrings(ConcatStrings)

  /// The source range of the expression. Every node class stores its span first, so that
  /// every case below reads the same offset and the compiler can merge them.
  @inlinable public var span: Span {
    switch self {
    case .int(let e): e.span
    case .float(let e): e.span
    case .string(let e): e.span
    case .path(let e): e.span
    case .variable(let e): e.span
    case .currentPosition(let e): e.span
    case .select(let e): e.span
    case .hasAttr(let e): e.span
    case .attrSet(let e): e.span
    case .list(let e): e.span
    case .lambda(let e): e.span
    case .call(let e): e.span
    case .letIn(let e): e.span
    case .with(let e): e.span
    case .ifThenElse(let e): e.span
    case .assertion(let e): e.span
    case .not(let e): e.span
    case .binary(let e): e.span
    case .concatStrings(let e): e.span
    }
  }
}

// MARK: - Literals

/// `123`: a 64-bit integer.
public final class IntLiteral: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let value: Int64
  public init(_ value: Int64, span: Span) {
    self.value = value
    self.span = span
  }
}

/// `1.5`: a double.
public final class FloatLiteral: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let value: Double
  public init(_ value: Double, span: Span) {
    self.value = value
    self.span = span
  }
}

/// A string without interpolation (also a URI literal); its bytes with escapes applied.
///
/// A literal with nothing to unescape keeps a slice of the source instead of a copy.
public final class StringLiteral: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let bytes: ArraySlice<UInt8>
  /// The bytes as an array of their own, made by the evaluator on first use, so that its
  /// string values share one array instead of copying the slice at every evaluation. A plain
  /// stored property: the evaluator reads and fills it in its own code, with its own
  /// (non-atomic) reference counting.
  public var arrayStorage: [UInt8]? = nil
  public init(_ bytes: [UInt8], span: Span) {
    self.bytes = bytes[...]
    self.span = span
  }
  public init(slice: ArraySlice<UInt8>, span: Span) {
    self.bytes = slice
    self.span = span
  }
}

/// A path literal, made absolute against the file's directory when parsed.
public final class PathLiteral: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let path: String
  /// The evaluator's value for this literal, kept so that it is made once.
  public var evaluated: AnyObject? = nil
  public init(_ path: String, span: Span) {
    self.path = path
    self.span = span
  }
}

/// `__curPos`: the position of this expression, as an attribute set at run time.
public final class CurrentPosition: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public init(span: Span) { self.span = span }
}

// MARK: - Variables

/// Where a variable's value lives, as the ``Binder`` resolved it.
public enum VariableBinding: Hashable, Sendable {
  /// Not resolved yet (the binder has not run).
  case unresolved
  /// In the scope `level` frames up (0 is the innermost), at `slot`. The outermost frame is
  /// the global scope.
  case local(level: Int, slot: Int)
  /// Not bound lexically: looked up at run time in the `with` scopes, innermost first; `level`
  /// counts frames up to the innermost enclosing `with`.
  case dynamic(level: Int)
}

/// A variable reference.
public final class Variable: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let name: Symbol
  /// Filled in by the ``Binder``.
  public var binding: VariableBinding = .unresolved
  public init(_ name: Symbol, span: Span) {
    self.name = name
    self.span = span
  }
}
