import NixLexer
import NixParser

extension Evaluator {
  func evalCall(_ e: Call, _ env: Env) throws(EvalError) -> Value {
    let arguments = e.arguments
    // Read once: the count of an array of another module's type is a call each time.
    let n = arguments.count
    var function: Value
    var i = 0
    if let cached = e.evaluatorCache {
      // The callee is a builtin named by a global variable (globals never change).
      let op = unsafeDowncast(cached, to: PrimOp.self)
      if op.arity <= n {
        function = try callBuiltin(op, [], arguments, &i, env, at: e.span)
      } else {
        function = .primop(op.bare)
      }
    } else {
      function = try evalOperand(e.function, env)
      // `f x` of a lambda, the commonest call, goes straight to it.
      if n == 1, case .lambda(let closure) = function {
        return try callLambda(closure.lambda, closure.env, delay(arguments[0], env), at: e.span)
      }
      if case .primop(let app) = function, app.isBare, case .variable(let v) = e.function,
        case .local(let level, _) = v.binding, env.ancestor(level).parent == nil
      {
        e.evaluatorCache = app.primop
      }
    }
    while i < n {
      // A builtin given all its arguments at once is called directly, without partial
      // applications; a strict builtin's arguments are evaluated without thunks.
      if case .primop(let app) = function, app.primop.arity - app.argumentCount <= n - i {
        function = try callBuiltin(app.primop, app.arguments, arguments, &i, env, at: e.span)
        continue
      }
      if case .lambda(let closure) = function {
        var lambda = closure.lambda
        var scope = closure.env
        var argument = delay(arguments[i], env)
        i += 1
        // `f a b` where `f = x: y: …`: the inner lambda is entered in the outer one's scope
        // directly, without making its closure.
        while i < n, case .lambda(let inner) = lambda.body {
          scope = try enterLambda(lambda, scope, argument, at: e.span)
          if callDepth > options.maxCallDepth {
            throw Self.callDepthExceeded(at: e.span)
          }
          try step(at: e.span)
          lambda = inner
          argument = delay(arguments[i], env)
          i += 1
        }
        function = try callLambda(lambda, scope, argument, at: e.span)
      } else {
        function = try call(function, delay(arguments[i], env), at: e.span)
        i += 1
      }
    }
    return function
  }

  /// Calls builtin `op`, already applied to `applied`, on the arguments of a call from index
  /// `i` on (as many as it still takes), advancing `i`. A strict builtin's arguments are
  /// evaluated now rather than delayed.
  @inline(never)
  func callBuiltin(
    _ op: PrimOp, _ applied: [Value], _ arguments: [Expr], _ i: inout Int, _ env: Env, at span: Span
  ) throws(EvalError) -> Value {
    if let unary = op.unaryBody {
      let argument = op.isStrict ? try eval(arguments[i], env) : delay(arguments[i], env)
      i += 1
      return try invokeUnary(op, unary, argument, at: span)
    }
    if let binary = op.binaryBody, applied.isEmpty {
      if !op.isStrict {
        let a = delay(arguments[i], env)
        let b = delay(arguments[i + 1], env)
        i += 2
        return try invokeBinary(op, binary, a, b, at: span)
      }
      let a = try evalOperand(arguments[i], env)
      let b = try evalOperand(arguments[i + 1], env)
      i += 2
      if op.fastPath != .none, case .int(let x) = a, case .int(let y) = b {
        switch op.fastPath {
        case .add:
          let (r, o) = x.addingReportingOverflow(y)
          if !o { return .int(r) }
        case .sub:
          let (r, o) = x.subtractingReportingOverflow(y)
          if !o { return .int(r) }
        case .mul:
          let (r, o) = x.multipliedReportingOverflow(by: y)
          if !o { return .int(r) }
        case .lessThan: return .bool(x < y)
        case .none: break
        }
      }
      do {
        try step(at: span)
        return try binary(self, a, b, span)
      } catch {
        throw error.withoutPosition(span).adding("while calling the '\(op.name)' builtin", at: span)
      }
    }
    if let ternary = op.ternaryBody, applied.isEmpty {
      let a = delay(arguments[i], env)
      let b = delay(arguments[i + 1], env)
      let c = delay(arguments[i + 2], env)
      i += 3
      return try invokeTernary(op, ternary, a, b, c, at: span)
    }
    var values = applied
    values.reserveCapacity(op.arity)
    for _ in 0..<(op.arity - applied.count) {
      values.append(op.isStrict ? try eval(arguments[i], env) : delay(arguments[i], env))
      i += 1
    }
    return try invoke(op, values, at: span)
  }

  /// Runs a builtin on all its arguments; its errors are shown at the call.
  @inline(__always)
  func invoke(_ op: PrimOp, _ arguments: [Value], at span: Span) throws(EvalError) -> Value {
    try step(at: span)
    do {
      return try force(try op.body(self, arguments, span))
    } catch {
      throw builtinError(error, op, at: span)
    }
  }

  /// Runs a builtin of one argument without an argument array.
  @inline(__always)
  func invokeUnary(_ op: PrimOp, _ body: PrimOp.Unary, _ argument: Value, at span: Span) throws(EvalError) -> Value {
    try step(at: span)
    do {
      return try force(try body(self, argument, span))
    } catch {
      throw builtinError(error, op, at: span)
    }
  }

  /// Runs a builtin of two arguments without an argument array.
  @inline(__always)
  func invokeBinary(
    _ op: PrimOp, _ body: PrimOp.Binary, _ a: Value, _ b: Value, at span: Span
  ) throws(EvalError) -> Value {
    try step(at: span)
    do {
      return try force(try body(self, a, b, span))
    } catch {
      throw builtinError(error, op, at: span)
    }
  }

  /// Runs a builtin of three arguments without an argument array.
  @inline(__always)
  func invokeTernary(
    _ op: PrimOp, _ body: PrimOp.Ternary, _ a: Value, _ b: Value, _ c: Value, at span: Span
  ) throws(EvalError) -> Value {
    try step(at: span)
    do {
      return try force(try body(self, a, b, c, span))
    } catch {
      throw builtinError(error, op, at: span)
    }
  }

  /// A builtin's error as shown at its call (stack overflows and limits pass unchanged).
  @inline(never)
  func builtinError(_ error: EvalError, _ op: PrimOp, at span: Span) -> EvalError {
    if error.kind == .stackOverflow || error.kind == .limit { return error }
    return error.withoutPosition(span).adding("while calling the '\(op.name)' builtin", at: span)
  }

  /// Runs a builtin given its last argument, `app` holding the ones before.
  func invoke(_ app: PrimOpApplication, last argument: Value, at span: Span) throws(EvalError) -> Value {
    let op = app.primop
    if let unary = op.unaryBody { return try invokeUnary(op, unary, argument, at: span) }
    if let binary = op.binaryBody, app.argumentCount == 1 {
      return try invokeBinary(op, binary, app.first, argument, at: span)
    }
    if let ternary = op.ternaryBody, app.argumentCount == 2 {
      return try invokeTernary(op, ternary, app.first, app.second, argument, at: span)
    }
    return try invoke(op, app.arguments + [argument], at: span)
  }

  /// Applies a function (a lambda, a builtin or a set with `__functor`) to a lazy argument.
  public func call(_ function: Value, _ argument: Value, at span: Span) throws(EvalError) -> Value {
    let function = try force(function)
    switch function {
    case .lambda(let closure):
      return try callLambda(closure.lambda, closure.env, argument, at: span)
    case .primop(let app):
      let primop = app.primop
      if app.argumentCount + 1 < primop.arity {
        return .primop(app.appending(argument))
      }
      // Builtins do not count toward the call depth: only lambdas recurse.
      return try invoke(app, last: argument, at: span)
    case .attrs(let set):
      if let functor = set[names.functor] {
        let partial = try call(functor, function, at: span)
        return try call(partial, argument, at: span)
      }
      fallthrough
    default:
      throw EvalError(
        .type, "attempt to call something which is not a function but \(function.typeDescription): \(describe(function))",
        at: span)
    }
  }

  /// Applies a function to two lazy arguments, as `call(call(function, first), second)` does
  /// but without the partial application when the function is a lambda of two parameters or a
  /// builtin of two arguments.
  public func call(_ function: Value, _ first: Value, _ second: Value, at span: Span) throws(EvalError) -> Value {
    let function = try force(function)
    switch function {
    case .lambda(let closure):
      guard case .lambda(let inner) = closure.lambda.body else { break }
      let scope = try enterLambda(closure.lambda, closure.env, first, at: span)
      if callDepth > options.maxCallDepth {
        throw Self.callDepthExceeded(at: span)
      }
      try step(at: span)
      return try callLambda(inner, scope, second, at: span)
    case .primop(let app):
      guard app.isBare && app.primop.arity == 2 else { break }
      if let binary = app.primop.binaryBody { return try invokeBinary(app.primop, binary, first, second, at: span) }
      return try invoke(app.primop, [first, second], at: span)
    default: break
    }
    return try call(try call(function, first, at: span), second, at: span)
  }

  /// Applies a function to several arguments in turn.
  public func call(_ function: Value, _ arguments: [Value], at span: Span) throws(EvalError) -> Value {
    var f = function
    for a in arguments { f = try call(f, a, at: span) }
    return f
  }

  /// The error of a call nested deeper than the limit (made out of line: the hot call paths
  /// keep no room for building it).
  @inline(never)
  static func callDepthExceeded(at span: Span) -> EvalError {
    EvalError(.stackOverflow, "stack overflow; max-call-depth exceeded", at: span)
  }

  /// The name a lambda is reported under.
  func lambdaName(_ lambda: Lambda) -> String {
    if let name = lambda.name { return "'\(symbols[name])'" }
    return "'anonymous lambda'"
  }

  /// Calls `lambda`, closed over `scope`, on a lazy argument.
  func callLambda(_ lambda: Lambda, _ scope: Env, _ argument: consuming Value, at span: Span) throws(EvalError) -> Value {
    let env = try enterLambda(lambda, scope, argument, at: span)
    if callDepth > options.maxCallDepth {
      throw Self.callDepthExceeded(at: span)
    }
    callDepth += 1
    defer { callDepth -= 1 }
    if callDepth & 15 == 0 && stack.exhausted() {
      throw EvalError(.stackOverflow, "stack overflow (possible infinite recursion)", at: span)
    }
    try step(at: span)
    return try eval(lambda.body, env)
  }

  /// The scope of a call of `lambda` (closed over `scope`) on `argument`: the argument, or
  /// its formals matched against the argument set.
  @inline(__always)
  func enterLambda(_ lambda: Lambda, _ scope: Env, _ argument: consuming Value, at span: Span) throws(EvalError) -> Env {
    guard let formals = lambda.formals else { return Env.make(parent: scope, single: argument) }
    return try bindFormals(lambda, formals, scope, argument, at: span)
  }

  /// The scope of a call of a lambda with formals: the argument set's attributes (or the
  /// defaults) in the formals' slots.
  func bindFormals(
    _ lambda: Lambda, _ formals: Formals, _ scope: Env, _ argument: Value, at span: Span
  ) throws(EvalError) -> Env {
    let args: Attrs
    do {
      args = try forceAttrs(argument, at: span, "while evaluating the value passed for the lambda argument")
    } catch {
      throw error.adding("while calling \(lambdaName(lambda))", at: lambda.span)
    }
    let count = formals.entries.count + (lambda.parameter != nil ? 1 : 0)
    let env = Env.make(parent: scope, count: count)
    var slot = 0
    if lambda.parameter != nil {
      env[0] = argument
      slot = 1
    }
    var used = 0
    for formal in formals.entries {
      if let value = args[formal.name] {
        env[slot] = value
        slot += 1
        used += 1
      } else if let d = formal.defaultValue {
        env[slot] = delayInScope(d, env)
        slot += 1
      } else {
        throw EvalError(
          .type, "function \(lambdaName(lambda)) called without required argument '\(symbols[formal.name])'",
          at: lambda.span
        ).adding("from call site", at: span)
      }
    }
    // Every argument must name a formal: compare the names used, not the counts (a defaulted
    // formal left out leaves room for a misspelt argument).
    if !formals.hasEllipsis && used < args.count {
      for key in args.keys where !formals.entries.contains(where: { $0.name == key }) {
        var error: EvalError = EvalError(
          .type, "function \(lambdaName(lambda)) called with unexpected argument '\(symbols[key])'",
          at: lambda.span
        ).adding("from call site", at: span)
        if let d = Suggestions.detail(for: key, among: formals.entries.map(\.name), symbols) { error.detail = d }
        throw error
      }
    }
    return env
  }
}
