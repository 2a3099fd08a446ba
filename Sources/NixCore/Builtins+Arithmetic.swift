import NixLexer

extension CoreEvaluator {
  func registerArithmetic() {
    define("add", 2) { ev, a, b, _, span throws(CoreError) in
      try ev.add(try ev.force(a), try ev.force(b), at: span)
    }
    define("sub", 2) { ev, a, b, _, span throws(CoreError) in
      try ev.arithmetic(try ev.force(a), try ev.force(b), "subtraction", at: span, &-, -) { $0.subtractingReportingOverflow($1) }
    }
    define("mul", 2) { ev, a, b, _, span throws(CoreError) in
      try ev.arithmetic(try ev.force(a), try ev.force(b), "multiplication", at: span, &*, *) { $0.multipliedReportingOverflow(by: $1) }
    }
    define("div", 2) { ev, a, b, _, span throws(CoreError) in
      let x = try ev.force(a), y = try ev.force(b)
      if (y.tag == .int && y.asInt == 0) || (y.tag == .float && y.asFloat == 0) {
        throw CoreError(.other, "division by zero", at: span)
      }
      return try ev.arithmetic(x, y, "division", at: span, /, /) { $0.dividedReportingOverflow(by: $1) }
    }
    define("lessThan", 2) { ev, a, b, _, span throws(CoreError) in
      .bool(try ev.lessThan(try ev.force(a), try ev.force(b), at: span))
    }
    define("bitAnd", 2) { ev, a, b, _, span throws(CoreError) in
      .int(try ev.forceInt(a, span, "while evaluating the first argument passed to builtins.bitAnd")
        & ev.forceInt(b, span, "while evaluating the second argument passed to builtins.bitAnd"))
    }
    define("bitOr", 2) { ev, a, b, _, span throws(CoreError) in
      .int(try ev.forceInt(a, span, "while evaluating the first argument passed to builtins.bitOr")
        | ev.forceInt(b, span, "while evaluating the second argument passed to builtins.bitOr"))
    }
    define("bitXor", 2) { ev, a, b, _, span throws(CoreError) in
      .int(try ev.forceInt(a, span, "while evaluating the first argument passed to builtins.bitXor")
        ^ ev.forceInt(b, span, "while evaluating the second argument passed to builtins.bitXor"))
    }
  }

  /// An arithmetic operation on two numbers (integers stay integers; overflow is an error).
  func arithmetic(
    _ a: Value, _ b: Value, _ what: String, at span: Span, _ wrapping: (Int64, Int64) -> Int64,
    _ floating: (Double, Double) -> Double, _ checked: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)
  ) throws(CoreError) -> Value {
    switch (a.tag, b.tag) {
    case (.int, .int):
      let (r, o) = checked(a.asInt, b.asInt)
      if o { throw CoreError(.other, "integer overflow in \(what)", at: span) }
      return .int(r)
    case (.int, .float): return .float(floating(Double(a.asInt), b.asFloat))
    case (.float, .int): return .float(floating(a.asFloat, Double(b.asInt)))
    case (.float, .float): return .float(floating(a.asFloat, b.asFloat))
    default:
      let bad = (a.tag == .int || a.tag == .float) ? b : a
      throw typeError(bad, "an integer", at: span)
    }
  }
}
