import NixLexer
import NixParser

extension Builtins {
  /// Errors, forcing, tracing and reflection: `throw`, `abort`, `break`, `seq`, `deepSeq`, `tryEval`,
  /// `trace`, `warn`, `addErrorContext`, `unsafeGetAttrPos`, `functionArgs`.
  static var controlPrimOps: [PrimOp] {
    [
      .unary("throw") { ev, v, span throws(EvalError) in
        let s = try ev.coerceToString(v, at: span, coerceMore: false, "while evaluating the error message passed to builtins.throw")
        throw EvalError(.thrown, s.text, at: span)
      },
      .unary("abort") { ev, v, span throws(EvalError) in
        let s = try ev.coerceToString(v, at: span, coerceMore: false, "while evaluating the error message passed to builtins.abort")
        throw EvalError(.aborted, "evaluation aborted with the following error message: '\(s.text)'", at: span)
      },
      // Without a debugger attached, as here, `break` is the identity.
      .unary("break") { ev, v, _ throws(EvalError) in try ev.force(v) },
      .binary("seq") { ev, a, b, _ throws(EvalError) in
        _ = try ev.force(a)
        return try ev.force(b)
      },
      .binary("deepSeq") { ev, a, b, span throws(EvalError) in
        try ev.forceDeep(a, at: span)
        return try ev.force(b)
      },
      .unary("tryEval") { ev, v, _ throws(EvalError) in
        var b = AttrsBuilder(capacity: 2)
        do throws(EvalError) {
          let value = try ev.force(v)
          b.add(ev.names.success, .bool(true))
          b.add(ev.names.value, value)
        } catch {
          guard error.isCatchable else { throw error }
          b.add(ev.names.success, .bool(false))
          b.add(ev.names.value, .bool(false))
        }
        return .attrs(b.build())
      },
      .binary("trace") { ev, message, v, span throws(EvalError) in
        let m = try ev.force(message)
        let text: String
        if case .string(let s) = m { text = s.text } else { text = ev.describe(m) }
        ev.options.traceSink("trace: \(text)")
        return try ev.force(v)
      },
      .binary("traceVerbose") { ev, _, v, _ throws(EvalError) in try ev.force(v) },
      .binary("warn") { ev, message, v, span throws(EvalError) in
        let s = try ev.forceString(message, at: span, "while evaluating the first argument passed to builtins.warn")
        ev.options.traceSink("evaluation warning: \(s.text)")
        if ev.options.abortOnWarn {
          throw EvalError(.aborted, "aborting to reveal stack trace of warning, as abort-on-warn is set", at: span)
        }
        return try ev.force(v)
      },
      .binary("addErrorContext") { ev, context, v, span throws(EvalError) in
        do throws(EvalError) {
          return try ev.force(v)
        } catch {
          if let s = try? ev.coerceToString(context, at: span, coerceMore: false, "") {
            throw error.adding(s.text, at: .unknown)
          }
          throw error
        }
      },
      .binary("unsafeGetAttrPos") { ev, name, set, span throws(EvalError) in
        let n = try ev.forceStringWithoutContext(name, at: span, "while evaluating the first argument passed to builtins.unsafeGetAttrPos")
        let a = try ev.forceAttrs(set, at: span, "while evaluating the second argument passed to builtins.unsafeGetAttrPos")
        guard let i = a.index(of: ev.symbol(of: n)) else { return .null }
        return ev.position(a.positions[i])
      },
      .unary("functionArgs") { ev, f, span throws(EvalError) in
        let v = try ev.force(f)
        switch v {
        case .lambda(let c):
          guard let formals = c.lambda.formals else { return .attrs(.empty) }
          var b = AttrsBuilder(capacity: formals.entries.count)
          for formal in formals.entries { b.add(formal.name, .bool(formal.defaultValue != nil), at: formal.span) }
          return .attrs(b.build())
        case .primop: return .attrs(.empty)
        default:
          throw EvalError(.type, "'functionArgs' requires a function", at: span)
        }
      },
      .unary("getEnv") { ev, name, span throws(EvalError) in
        let n = try ev.forceStringWithoutContext(name, at: span, "while evaluating the first argument passed to builtins.getEnv")
        if ev.options.pure { return .string("") }
        return .string(ev.options.environment(n.text) ?? "")
      },
    ]
  }
}
