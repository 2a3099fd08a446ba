import NixLexer
import NixParser

/// A Nix value. A ``Value`` in a list, an attribute set or an environment slot may be an
/// unevaluated ``Thunk``; ``Evaluator/force(_:)`` turns it into weak head normal form, and
/// ``Evaluator/eval(_:_:)`` never returns one.
public enum Value {
  case null
  case bool(Bool)
  case int(Int64)
  case float(Double)
  /// A string: bytes, as in Nix (not necessarily UTF-8).
  case string(NixString)
  /// An absolute, canonical path.
  case path(NixPath)
  case list(NixList)
  case attrs(Attrs)
  /// A lambda closed over its environment.
  case lambda(Closure)
  /// A builtin function, possibly with some arguments already applied.
  case primop(PrimOpApplication)
  /// A value not computed yet.
  case thunk(Thunk)

  /// Nix's name for the value's type, as `builtins.typeOf` gives it (`"lambda"` for every
  /// function).
  public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "bool"
    case .int: "int"
    case .float: "float"
    case .string: "string"
    case .path: "path"
    case .list: "list"
    case .attrs: "set"
    case .lambda, .primop: "lambda"
    case .thunk: "thunk"
    }
  }

  /// The type with an article, as Nix's errors say it ("an integer", "a set").
  public var typeDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a Boolean"
    case .int: "an integer"
    case .float: "a float"
    case .string: "a string"
    case .path: "a path"
    case .list: "a list"
    case .attrs: "a set"
    case .lambda, .primop: "a function"
    case .thunk: "a thunk"
    }
  }

  /// Whether the value can be called (sets with `__functor` are checked by the caller).
  public var isFunction: Bool {
    switch self {
    case .lambda, .primop: true
    default: false
    }
  }

  /// A string value from Swift text.
  public static func string(_ text: String) -> Value { .string(NixString(text)) }
}

/// A path value: an absolute, canonical path (a class, so that a ``Value`` stays two words).
public final class NixPath {
  public let string: String
  public init(_ string: String) { self.string = string }
}

extension Value {
  /// A path value.
  public static func path(_ string: String) -> Value { .path(NixPath(string)) }
}

/// A list's elements; a class, so that a list is shared rather than copied and can be
/// recognised when printed twice.
public final class NixList {
  public let items: [Value]
  public init(_ items: [Value]) { self.items = items }
  public var count: Int { items.count }
  nonisolated(unsafe) public static let empty = NixList([])
}

/// A lambda together with the environment it was created in.
public final class Closure {
  public let lambda: Lambda
  public let env: Env
  public init(_ lambda: Lambda, _ env: Env) {
    self.lambda = lambda
    self.env = env
  }
}

/// A builtin function applied to fewer arguments than it takes (possibly none).
///
/// The first two arguments are held in the object itself (builtins take at most three), so
/// that a partial application such as `map f` or `foldl' op` is one allocation.
public final class PrimOpApplication {
  public let primop: PrimOp
  /// How many arguments are applied.
  public let argumentCount: Int
  let first: Value
  let second: Value
  /// Arguments after the second (for builtins of more than three arguments).
  let rest: [Value]

  public init(_ primop: PrimOp, _ arguments: [Value]) {
    self.primop = primop
    self.argumentCount = arguments.count
    self.first = arguments.count > 0 ? arguments[0] : .null
    self.second = arguments.count > 1 ? arguments[1] : .null
    self.rest = arguments.count > 2 ? Array(arguments[2...]) : []
  }

  private init(_ primop: PrimOp, count: Int, _ first: Value, _ second: Value, _ rest: [Value]) {
    self.primop = primop
    self.argumentCount = count
    self.first = first
    self.second = second
    self.rest = rest
  }

  /// Whether no argument is applied yet.
  @inline(__always) public var isBare: Bool { argumentCount == 0 }

  /// The arguments applied so far.
  public var arguments: [Value] {
    switch argumentCount {
    case 0: return []
    case 1: return [first]
    case 2: return [first, second]
    default: return [first, second] + rest
    }
  }

  /// This application with one more argument.
  func appending(_ argument: Value) -> PrimOpApplication {
    switch argumentCount {
    case 0: return PrimOpApplication(primop, count: 1, argument, .null, [])
    case 1: return PrimOpApplication(primop, count: 2, first, argument, [])
    default: return PrimOpApplication(primop, count: argumentCount + 1, first, second, rest + [argument])
    }
  }
}

/// A builtin function: a name, an arity and its implementation, which receives its
/// arguments unevaluated (a builtin forces what it needs).
///
/// Builtins of one, two or three arguments also have their body without an argument array
/// (``unaryBody``, ``binaryBody``, ``ternaryBody``), used when a call gives all the arguments
/// at once: such a call then allocates no array.
public final class PrimOp {
  public typealias Body = (Evaluator, [Value], Span) throws(EvalError) -> Value
  public typealias Unary = (Evaluator, Value, Span) throws(EvalError) -> Value
  public typealias Binary = (Evaluator, Value, Value, Span) throws(EvalError) -> Value
  public typealias Ternary = (Evaluator, Value, Value, Value, Span) throws(EvalError) -> Value
  public let name: String
  public let arity: Int
  public let body: Body
  /// Whether the builtin forces every argument before anything else, so that a call with all
  /// arguments may evaluate them eagerly instead of making thunks.
  public let isStrict: Bool
  /// For a builtin of one argument: the body without an argument array.
  public let unaryBody: Unary?
  /// For a builtin of two arguments: the body without an argument array.
  public let binaryBody: Binary?
  /// For a builtin of three arguments: the body without an argument array.
  public let ternaryBody: Ternary?
  /// For the arithmetic builtins: which one, so that a call on two integers is done in line.
  public var fastPath: FastPath = .none

  /// The builtin applied to nothing yet, made once.
  public private(set) lazy var bare = PrimOpApplication(self, [])

  /// Builtins the evaluator computes in line for integer arguments.
  public enum FastPath: UInt8 { case none, add, sub, mul, lessThan }

  public init(_ name: String, arity: Int, strict: Bool = false, _ body: @escaping Body) {
    self.name = name
    self.arity = arity
    self.body = body
    self.isStrict = strict
    self.unaryBody = nil
    self.binaryBody = nil
    self.ternaryBody = nil
  }

  /// A builtin of one argument; `strict` if it forces the argument first.
  public init(unary name: String, strict: Bool = false, _ body: @escaping Unary) {
    self.name = name
    self.arity = 1
    self.isStrict = strict
    self.unaryBody = body
    self.binaryBody = nil
    self.ternaryBody = nil
    self.body = { ev, args, span throws(EvalError) in try body(ev, args[0], span) }
  }

  /// A builtin of two arguments; `strict` if it forces both arguments first.
  public init(binary name: String, strict: Bool = false, _ body: @escaping Binary) {
    self.name = name
    self.arity = 2
    self.isStrict = strict
    self.unaryBody = nil
    self.binaryBody = body
    self.ternaryBody = nil
    self.body = { ev, args, span throws(EvalError) in try body(ev, args[0], args[1], span) }
  }

  /// A strict builtin of two arguments.
  public convenience init(strictBinary name: String, _ body: @escaping Binary) {
    self.init(binary: name, strict: true, body)
  }

  /// A builtin of three arguments.
  public init(ternary name: String, _ body: @escaping Ternary) {
    self.name = name
    self.arity = 3
    self.isStrict = false
    self.unaryBody = nil
    self.binaryBody = nil
    self.ternaryBody = body
    self.body = { ev, args, span throws(EvalError) in try body(ev, args[0], args[1], args[2], span) }
  }
}
