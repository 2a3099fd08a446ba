import NixLexer

// MARK: - Attribute access

/// One element of an attribute path: a name, or `${expr}` / `"…${expr}…"` computed at run time.
public enum AttrName: Sendable {
  case name(Symbol, Span)
  case dynamic(Expr, Span)

  /// The source range of the element.
  public var span: Span {
    switch self {
    case .name(_, let span), .dynamic(_, let span): span
    }
  }
}

/// `e.a.b` or `e.a.b or fallback`.
public final class Select: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let target: Expr
  public let path: [AttrName]
  public let fallback: Expr?
  public init(target: Expr, path: [AttrName], fallback: Expr?, span: Span) {
    self.target = target
    self.path = path
    self.fallback = fallback
    self.span = span
  }
}

/// `e ? a.b`.
public final class HasAttr: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let target: Expr
  public let path: [AttrName]
  public init(target: Expr, path: [AttrName], span: Span) {
    self.target = target
    self.path = path
    self.span = span
  }
}

// MARK: - Collections

/// `[ a b c ]`.
public final class ListLiteral: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let elements: [Expr]
  public init(_ elements: [Expr], span: Span) {
    self.elements = elements
    self.span = span
  }
}

// MARK: - Functions

/// One formal parameter: `name` or `name ? default`.
public struct Formal: Sendable {
  public let name: Symbol
  public let span: Span
  public let defaultValue: Expr?
  public init(name: Symbol, span: Span, defaultValue: Expr?) {
    self.name = name
    self.span = span
    self.defaultValue = defaultValue
  }
}

/// `{ a, b ? d, ... }`: the formal parameters of a lambda, in written order.
public struct Formals: Sendable {
  public let entries: [Formal]
  public let hasEllipsis: Bool
  public init(entries: [Formal], hasEllipsis: Bool) {
    self.entries = entries
    self.hasEllipsis = hasEllipsis
  }
}

/// `x: body`, `{ … }: body`, `x@{ … }: body` or `{ … }@x: body`.
public final class Lambda: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  /// The plain parameter (`x` in `x: …` or the name bound by `@`).
  public let parameter: Symbol?
  public let parameterSpan: Span?
  public let formals: Formals?
  public let body: Expr
  /// The attribute or `let` name the lambda was bound to, for error traces.
  public var name: Symbol?
  public init(parameter: Symbol?, parameterSpan: Span?, formals: Formals?, body: Expr, span: Span) {
    self.parameter = parameter
    self.parameterSpan = parameterSpan
    self.formals = formals
    self.body = body
    self.span = span
  }
}

/// `f a b`: one call node for all the arguments applied in a row, as in Nix.
public final class Call: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public internal(set) var span: Span
  public let function: Expr
  public internal(set) var arguments: [Expr]
  /// The evaluator's note on the callee (a builtin named by a global), kept between calls.
  public var evaluatorCache: AnyObject? = nil
  /// The evaluator's note on a call of an arithmetic builtin, kept between calls.
  public var arithmetic = ArithmeticNote()
  public init(function: Expr, arguments: [Expr], span: Span) {
    self.function = function
    self.arguments = arguments
    self.span = span
  }
}

/// How the evaluator computes a call such as `n - 1` in line: which builtin (the evaluator's
/// own numbering; 0 until it has looked, 1 when the call is not one it computes so) and the
/// two operands.
public struct ArithmeticNote: Sendable {
  public var operation: UInt8 = 0
  public var lhs: DirectOperand = .other
  public var rhs: DirectOperand = .other
  public init() {}
}

/// An operand read without evaluating anything: an integer literal or a variable's slot.
public enum DirectOperand: Sendable {
  case int(Int64)
  case local(level: Int32, slot: Int32)
  case other

  /// The operand form of `expr`.
  public init(_ expr: Expr) {
    switch expr {
    case .int(let i): self = .int(i.value)
    case .variable(let v):
      if case .local(let level, let slot) = v.binding, let l = Int32(exactly: level), let s = Int32(exactly: slot) {
        self = .local(level: l, slot: s)
      } else {
        self = .other
      }
    default: self = .other
    }
  }
}

// MARK: - Scoping and control

/// `let bindings in body` (the bindings are a recursive scope, never dynamic).
public final class LetIn: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let bindings: AttrSet
  public let body: Expr
  public init(bindings: AttrSet, body: Expr, span: Span) {
    self.bindings = bindings
    self.body = body
    self.span = span
  }
}

/// `with scope; body`.
public final class With: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let scope: Expr
  public let body: Expr
  public init(scope: Expr, body: Expr, span: Span) {
    self.scope = scope
    self.body = body
    self.span = span
  }
}

/// `if c then a else b`.
public final class IfThenElse: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let condition: Expr
  public let then: Expr
  public let otherwise: Expr
  public init(condition: Expr, then: Expr, otherwise: Expr, span: Span) {
    self.condition = condition
    self.then = then
    self.otherwise = otherwise
    self.span = span
  }
}

/// `assert c; body`.
public final class Assertion: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let condition: Expr
  public let body: Expr
  public init(condition: Expr, body: Expr, span: Span) {
    self.condition = condition
    self.body = body
    self.span = span
  }
}

// MARK: - Operators

/// `!e`.
public final class Not: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let operand: Expr
  public init(_ operand: Expr, span: Span) {
    self.operand = operand
    self.span = span
  }
}

/// The binary operators Nix keeps as operators (the others become calls of builtins).
public enum BinaryOperator: String, Sendable {
  case equal = "=="
  case notEqual = "!="
  case and = "&&"
  case or = "||"
  case implication = "->"
  case update = "//"
  case concatLists = "++"
}

/// `a == b`, `a // b`, `a ++ b`, …
public final class BinaryOperation: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let op: BinaryOperator
  public let lhs: Expr
  public let rhs: Expr
  /// The operator token's span, where errors of the operation point.
  public let operatorSpan: Span
  public init(_ op: BinaryOperator, lhs: Expr, rhs: Expr, operatorSpan: Span, span: Span) {
    self.op = op
    self.lhs = lhs
    self.rhs = rhs
    self.operatorSpan = operatorSpan
    self.span = span
  }
}

/// `a + b` (`forceString == false`) or an interpolated string or path (`true`): the parts
/// are added or concatenated left to right.
public final class ConcatStrings: @unchecked Sendable {
  /// The source range (every node's first stored property: see ``Expr/span``).
  public let span: Span
  public let forceString: Bool
  public let parts: [Expr]
  /// The evaluator's note on `a + b` of two direct operands, kept between evaluations.
  public var arithmetic = ArithmeticNote()
  public init(forceString: Bool, parts: [Expr], span: Span) {
    self.forceString = forceString
    self.parts = parts
    self.span = span
  }
}
