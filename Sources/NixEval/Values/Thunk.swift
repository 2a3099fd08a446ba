import NixLexer
import NixParser

/// One scope's values at run time, mirroring the ``Binder``'s frames: a lambda's parameter and
/// formals, a `let`'s or `rec` set's attributes, or (for `with`) the one scope value.
public final class Env {
  public let parent: Env?
  public var slots: [Value]
  /// Whether this is a `with` frame, whose slot 0 holds the scope's set.
  public let isWith: Bool

  public init(parent: Env?, slots: [Value], isWith: Bool = false) {
    self.parent = parent
    self.slots = slots
    self.isWith = isWith
  }
}

/// A delayed computation that runs at most once. While it runs it is a black hole: forcing
/// it again is infinite recursion. If it fails, it goes back to its first state, so that
/// forcing it again fails again (as `builtins.tryEval` observes in Nix).
public final class Thunk {
  enum State {
    /// An expression in an environment.
    case expression(Expr, Env)
    /// A function applied to an argument.
    case application(Value, Value, Span)
    /// Any other computation.
    case native(() throws(EvalError) -> Value)
    case running(Span)
    case done(Value)
  }

  var state: State

  public init(_ expr: Expr, _ env: Env) { state = .expression(expr, env) }
  public init(apply function: Value, to argument: Value, at span: Span) {
    state = .application(function, argument, span)
  }
  public init(_ body: @escaping () throws(EvalError) -> Value) { state = .native(body) }
  public init(value: Value) { state = .done(value) }

  /// The value, if computed.
  public var value: Value? {
    if case .done(let v) = state { return v }
    return nil
  }

  /// The value, computed now if it was not.
  @inline(__always)
  public func force(_ evaluator: Evaluator) throws(EvalError) -> Value {
    if case .done(let v) = state { return v }
    return try compute(evaluator)
  }

  @inline(never)
  func compute(_ evaluator: Evaluator) throws(EvalError) -> Value {
    let saved = state
    let span: Span
    switch saved {
    case .done(let v): return v
    case .running(let at):
      throw EvalError(.infiniteRecursion, "infinite recursion encountered", at: at)
    case .expression(let e, _): span = e.span
    case .application(_, _, let at): span = at
    case .native: span = .unknown
    }
    state = .running(span)
    do {
      let v: Value
      switch saved {
      case .expression(let e, let env): v = try evaluator.eval(e, env)
      case .application(let f, let a, let at): v = try evaluator.call(f, a, at: at)
      case .native(let body): v = try evaluator.force(try body())
      default: v = .null
      }
      state = .done(v)
      return v
    } catch {
      state = saved
      throw error
    }
  }
}
