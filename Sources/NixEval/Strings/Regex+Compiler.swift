/// Turns a ``RegexNode`` into a program, expanding counted repetitions (bounded in size).
struct RegexCompiler {
  var program: [NixRegex.Inst] = []
  var sets: [ByteSet] = []
  static let maxProgram = 20_000

  mutating func emit(_ inst: NixRegex.Inst) {
    program.append(inst)
  }

  mutating func compile(_ node: RegexNode) throws(NixRegex.SyntaxError) {
    if program.count > Self.maxProgram { throw .init() }
    switch node {
    case .empty: break
    case .byte(let b): emit(.init(op: .byte, a: Int32(b)))
    case .set(let s):
      sets.append(s)
      emit(.init(op: .set, a: Int32(sets.count - 1)))
    case .any: emit(.init(op: .any))
    case .bol: emit(.init(op: .bol))
    case .eol: emit(.init(op: .eol))
    case .group(let i, let inner):
      emit(.init(op: .save, a: Int32(2 * i)))
      try compile(inner)
      emit(.init(op: .save, a: Int32(2 * i + 1)))
    case .concat(let items):
      for item in items { try compile(item) }
    case .alternation(let branches):
      var jumps: [Int] = []
      for (k, branch) in branches.enumerated() {
        if k < branches.count - 1 {
          let split = program.count
          emit(.init(op: .split))
          program[split].a = Int32(program.count)
          try compile(branch)
          jumps.append(program.count)
          emit(.init(op: .jmp))
          program[split].b = Int32(program.count)
        } else {
          try compile(branch)
        }
      }
      for j in jumps { program[j].a = Int32(program.count) }
    case .repeated(let inner, let minimum, let maximum):
      for _ in 0..<minimum { try compile(inner) }
      if let maximum {
        // Nested optional copies: e{1,3} is e(e(e)?)?.
        var splits: [Int] = []
        for _ in minimum..<maximum {
          splits.append(program.count)
          emit(.init(op: .split, a: Int32(program.count + 1)))
          try compile(inner)
        }
        for s in splits { program[s].b = Int32(program.count) }
      } else {
        let loop = program.count
        emit(.init(op: .split, a: Int32(loop + 1)))
        try compile(inner)
        emit(.init(op: .jmp, a: Int32(loop)))
        program[loop].b = Int32(program.count)
      }
    }
  }
}
