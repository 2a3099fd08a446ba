import NixLexer
import NixParser

extension CoreEvaluator {
  /// `f a b …`: the function applied to each argument in turn; a builtin given all its
  /// arguments at once is called without a partial application.
  func evalCall(_ node: Node, _ env: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    var f = try evalInline(node.a, env)
    var k = 0
    let count = Int(node.c)
    let start = Int(node.b)
    while k < count {
      if f.tag == .primop {
        let arity = primopArity[Int(f.bits)]
        if arity <= count - k {
          let a = delay(program.operands[start + k], env)
          let b = arity > 1 ? delay(program.operands[start + k + 1], env) : .null
          let c = arity > 2 ? delay(program.operands[start + k + 2], env) : .null
          k += arity
          f = try primopBodies[Int(f.bits)](self, a, b, c, node.span)
          continue
        }
      }
      f = try call(f, delay(program.operands[start + k], env), at: node.span)
      k += 1
    }
    return f
  }

  /// `f a`, in weak head normal form.
  func call(_ function: Value, _ argument: Value, at span: Span) throws(CoreError) -> Value {
    let f = try force(function)
    switch f.tag {
    case .lambda: return try callLambda(f.record, argument, at: span)
    case .primop:
      if primopArity[Int(f.bits)] == 1 { return try primopBodies[Int(f.bits)](self, argument, .null, .null, span) }
      let p = heap.allocate(PartialRecord.size(1))
      p.storeBytes(of: Int(f.bits), as: Int.self)
      p.storeBytes(of: 1, toByteOffset: 8, as: Int.self)
      (p + 16).storeBytes(of: argument, as: Value.self)
      return Value(.partial, record: p)
    case .partial:
      let p = f.record
      let index = p.load(as: Int.self), count = p.load(fromByteOffset: 8, as: Int.self)
      let first = (p + 16).load(as: Value.self)
      if count + 1 == primopArity[index] {
        if count == 1 { return try primopBodies[index](self, first, argument, .null, span) }
        return try primopBodies[index](self, first, (p + 32).load(as: Value.self), argument, span)
      }
      let q = heap.allocate(PartialRecord.size(count + 1))
      q.copyMemory(from: p, byteCount: PartialRecord.size(count))
      q.storeBytes(of: count + 1, toByteOffset: 8, as: Int.self)
      (q + 16 + 16 * count).storeBytes(of: argument, as: Value.self)
      return Value(.partial, record: q)
    case .attrs:
      let a = AttrsRecord(f)
      if let i = a.find(names.functor) {
        let inner = try call(a.value(i), f, at: span)
        return try call(inner, argument, at: span)
      }
      fallthrough
    default:
      throw CoreError(.type, "attempt to call something which is not a function but \(f.typeDescription): \(errorText(f))", at: span)
    }
  }

  /// Calls the closure at `closure` with `argument`.
  func callLambda(_ closure: UnsafeMutableRawPointer, _ argument: Value, at span: Span) throws(CoreError) -> Value {
    let info = program.lambdas[closure.load(as: Int.self)]
    let parent = closure.load(fromByteOffset: 8, as: UnsafeMutableRawPointer.self)
    let env = makeEnv(parent, Int(info.slotCount))
    let slots = EnvRecord(env).slots
    if info.hasFormals {
      try bindFormals(info, argument, slots, env, at: span)
    } else {
      slots[0] = argument
    }
    if callDepth > options.maxCallDepth { throw CoreError(.stackOverflow, "stack overflow; max-call-depth exceeded", at: span) }
    callDepth += 1
    defer { callDepth -= 1 }
    if callDepth & 15 == 0 && stackExhausted() {
      throw CoreError(.stackOverflow, "stack overflow; max-call-depth exceeded", at: span)
    }
    return try eval(info.body, env)
  }

  /// Fills a pattern lambda's slots from the set `argument`.
  func bindFormals(
    _ info: LambdaInfo, _ argument: Value, _ slots: UnsafeMutablePointer<Value>, _ env: UnsafeMutableRawPointer, at span: Span
  ) throws(CoreError) {
    let arg = try force(argument)
    guard arg.tag == .attrs else {
      throw typeError(arg, "a set", at: span, "while evaluating the value passed for the lambda argument")
    }
    var s = 0
    if info.parameter >= 0 {
      slots[0] = arg
      s = 1
    }
    let a = AttrsRecord(arg)
    var used = 0
    for k in 0..<Int(info.formalCount) {
      let formal = program.formals[Int(info.formalStart) + k]
      if let i = a.find(formal.symbol) {
        slots[s + k] = a.value(i)
        used += 1
      } else if formal.defaultNode >= 0 {
        slots[s + k] = delayInFilling(formal.defaultNode, env)
      } else {
        throw CoreError(
          .type, "function '\(lambdaName(info))' called without required argument '\(symbols[Symbol(id: formal.symbol)])'", at: span)
      }
    }
    if !info.hasEllipsis && used < a.count {
      for i in 0..<a.count {
        let symbol = a.symbol(i)
        var known = false
        for k in 0..<Int(info.formalCount) where program.formals[Int(info.formalStart) + k].symbol == symbol { known = true }
        if !known {
          throw CoreError(
            .type, "function '\(lambdaName(info))' called with unexpected argument '\(symbols[Symbol(id: symbol)])'", at: span)
        }
      }
    }
  }

  func lambdaName(_ info: LambdaInfo) -> String {
    info.name >= 0 ? symbols[Symbol(id: UInt32(info.name))] : "anonymous lambda"
  }
}
