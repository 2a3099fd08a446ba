import NixLexer
import NixParser

extension Evaluator {
  /// `n - 1` or `n < 2` where `n` already holds an integer, computed in line: a call of a
  /// global arithmetic builtin on integer literals and variables whose values are integers.
  /// Such a call cannot fail, loop or trace (an overflow is left to the ordinary call), so
  /// computing it early — even where it would be delayed — is not observable, and it saves
  /// the call (or the thunk) on the hottest path of recursive functions.
  @inline(__always)
  func eagerArithmetic(_ c: Call, _ env: Env) -> Value? {
    var note = c.arithmetic
    if note.operation == 0 {
      note = arithmeticNote(c, env)
      c.arithmetic = note
    }
    if note.operation == 1 { return nil }
    guard let x = directInt(note.lhs, env), let y = directInt(note.rhs, env) else { return nil }
    switch note.operation {
    case Self.addOperation:
      let (r, o) = x.addingReportingOverflow(y)
      return o ? nil : .int(r)
    case Self.subOperation:
      let (r, o) = x.subtractingReportingOverflow(y)
      return o ? nil : .int(r)
    case Self.mulOperation:
      let (r, o) = x.multipliedReportingOverflow(by: y)
      return o ? nil : .int(r)
    case Self.lessThanOperation: return .bool(x < y)
    default: return nil
    }
  }

  /// `a + b` where both already hold integers, computed in line (as ``eagerArithmetic(_:_:)``).
  @inline(__always)
  func eagerSum(_ c: ConcatStrings, _ env: Env) -> Value? {
    var note = c.arithmetic
    if note.operation == 0 {
      note.operation = 1
      if c.parts.count == 2 && !c.forceString {
        let lhs = DirectOperand(c.parts[0])
        let rhs = DirectOperand(c.parts[1])
        if case .other = lhs {} else if case .other = rhs {} else {
          note = ArithmeticNote()
          note.operation = Self.addOperation
          note.lhs = lhs
          note.rhs = rhs
        }
      }
      c.arithmetic = note
    }
    if note.operation == 1 { return nil }
    guard let x = directInt(note.lhs, env), let y = directInt(note.rhs, env) else { return nil }
    let (r, o) = x.addingReportingOverflow(y)
    return o ? nil : .int(r)
  }

  static let addOperation = PrimOp.FastPath.add.rawValue + 1
  static let subOperation = PrimOp.FastPath.sub.rawValue + 1
  static let mulOperation = PrimOp.FastPath.mul.rawValue + 1
  static let lessThanOperation = PrimOp.FastPath.lessThan.rawValue + 1

  /// Whether `c` calls a global arithmetic builtin on two direct operands (globals never
  /// change, so the answer holds for every evaluation of the node).
  @inline(never)
  func arithmeticNote(_ c: Call, _ env: Env) -> ArithmeticNote {
    var note = ArithmeticNote()
    note.operation = 1
    guard c.arguments.count == 2, case .variable(let f) = c.function, case .local(let level, let slot) = f.binding,
      env.ancestor(level).parent == nil,
      case .primop(let app) = env.value(level: level, slot: slot), app.isBare,
      app.primop.fastPath != .none
    else { return note }
    let lhs = DirectOperand(c.arguments[0])
    let rhs = DirectOperand(c.arguments[1])
    if case .other = lhs { return note }
    if case .other = rhs { return note }
    note.operation = app.primop.fastPath.rawValue + 1
    note.lhs = lhs
    note.rhs = rhs
    return note
  }

  /// The integer an operand holds now, if it does (a variable's thunk counts when computed).
  @inline(__always)
  func directInt(_ operand: DirectOperand, _ env: Env) -> Int64? {
    switch operand {
    case .int(let i): return i
    case .local(let level, let slot): return env.intValue(level: Int(level), slot: Int(slot))
    case .other: return nil
    }
  }
}
