#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A compiled POSIX extended regular expression over bytes, with the semantics Nix gets from
/// libstdc++'s `std::regex::extended`: the leftmost match, the longest from there, and the
/// captures of the highest-priority path (greedy, first alternative first) reaching that
/// end. Matching is a Pike VM, so time is O(pattern × input): no input can make it hang.
package final class NixRegex {
  /// One instruction of the program.
  struct Inst {
    enum Op: UInt8 { case byte, set, any, split, jmp, save, bol, eol, match }
    var op: Op
    var a: Int32 = 0
    var b: Int32 = 0
  }

  /// The error for a pattern the syntax rejects.
  package struct SyntaxError: Error {}

  let program: [Inst]
  let sets: [ByteSet]
  /// The number of capture groups, not counting the whole match.
  package let groups: Int
  /// The bytes a match not starting at position 0 or the end can begin with, or nil when the
  /// pattern can match the empty string.
  let firstBytes: ByteSet?

  /// Compiles `pattern`; throws ``SyntaxError`` for what libstdc++ would reject.
  init(_ pattern: [UInt8]) throws(SyntaxError) {
    var parser = RegexParser(bytes: pattern)
    let node = try parser.parseTop()
    var compiler = RegexCompiler()
    compiler.emit(.init(op: .save, a: 0))
    try compiler.compile(node)
    compiler.emit(.init(op: .save, a: 1))
    compiler.emit(.init(op: .match))
    program = compiler.program
    sets = compiler.sets
    groups = parser.groupCount
    firstBytes = Self.computeFirstBytes(compiler.program, compiler.sets)
  }

  /// The bytes that can start a match at a position other than 0 and the end, by following
  /// the epsilon paths from the start (nil when a match can be empty).
  private static func computeFirstBytes(_ program: [Inst], _ sets: [ByteSet]) -> ByteSet? {
    var result = ByteSet()
    var seen = [Bool](repeating: false, count: program.count)
    var stack = [0]
    while let pc = stack.popLast() {
      if seen[pc] { continue }
      seen[pc] = true
      let inst = program[pc]
      switch inst.op {
      case .byte: result.insert(UInt8(inst.a))
      case .set: result.formUnion(sets[Int(inst.a)])
      case .any: return nil
      case .split: stack.append(Int(inst.a)); stack.append(Int(inst.b))
      case .jmp: stack.append(Int(inst.a))
      case .save: stack.append(pc + 1)
      case .bol: break  // dead away from position 0
      case .eol, .match: return nil
      }
    }
    return result
  }

  /// The capture positions (pairs of start and end, -1 when unset; pair 0 is the whole match)
  /// of a match of the whole of `input`, or nil.
  package func wholeMatch(_ input: [UInt8]) -> [Int]? {
    var vm = PikeVM(regex: self, input: input, anchored: true)
    return vm.run(from: 0)
  }

  /// The capture positions of the leftmost-longest match starting at `from` or later, or nil.
  /// `viability`, from ``viability(of:)`` for the same input, makes repeated searches linear.
  /// `scanned` grows by the number of positions the search looked at.
  package func firstMatch(in input: [UInt8], from: Int, viability: Viability? = nil, scanned: inout Int) -> [Int]? {
    var vm = PikeVM(regex: self, input: input, anchored: false)
    vm.viability = viability
    let result = vm.run(from: from)
    scanned += vm.scannedTo - from + 1
    return result
  }

  /// For each position of `input` and each consuming instruction, whether a match can be
  /// completed from there; nil when the table would be too large. With it a search drops
  /// threads that cannot match, so it never scans past the end of the match it finds and
  /// the searches of a `split` take linear time together.
  package func viability(of input: [UInt8]) -> Viability? {
    let m = program.count
    var consuming = [Int32](repeating: -1, count: m)
    var k = 0
    for (pc, inst) in program.enumerated() where inst.op == .byte || inst.op == .set || inst.op == .any {
      consuming[pc] = Int32(k)
      k += 1
    }
    let n = input.count
    let words = (k + 63) / 64
    guard words > 0, (n + 1) * words <= 1 << 22 else { return nil }
    // Epsilon predecessors: (predecessor, condition: 0 always, 1 at position 0, 2 at the end).
    var preds = [[(Int32, UInt8)]](repeating: [], count: m)
    for (pc, inst) in program.enumerated() {
      switch inst.op {
      case .split:
        preds[Int(inst.a)].append((Int32(pc), 0))
        preds[Int(inst.b)].append((Int32(pc), 0))
      case .jmp: preds[Int(inst.a)].append((Int32(pc), 0))
      case .save: preds[pc + 1].append((Int32(pc), 0))
      case .bol: preds[pc + 1].append((Int32(pc), 1))
      case .eol: preds[pc + 1].append((Int32(pc), 2))
      default: break
      }
    }
    var table = [UInt64](repeating: 0, count: (n + 1) * words)
    var next = [Bool](repeating: false, count: m)  // E at position i + 1
    var current = [Bool](repeating: false, count: m)
    var stack: [Int] = []
    for i in stride(from: n, through: 0, by: -1) {
      for pc in 0..<m { current[pc] = false }
      stack.removeAll(keepingCapacity: true)
      for (pc, inst) in program.enumerated() {
        let ok: Bool
        switch inst.op {
        case .match: ok = true
        case .byte: ok = i < n && input[i] == UInt8(truncatingIfNeeded: inst.a) && next[pc + 1]
        case .set: ok = i < n && sets[Int(inst.a)].contains(input[i]) && next[pc + 1]
        case .any: ok = i < n && next[pc + 1]
        default: ok = false
        }
        if ok {
          current[pc] = true
          stack.append(pc)
          let c = Int(consuming[pc])
          if c >= 0 { table[i * words + c / 64] |= 1 << UInt64(c % 64) }
        }
      }
      while let y = stack.popLast() {
        for (x, condition) in preds[y] where !current[Int(x)] {
          if condition == 1 && i != 0 || condition == 2 && i != n { continue }
          current[Int(x)] = true
          stack.append(Int(x))
        }
      }
      swap(&current, &next)
    }
    return Viability(consuming: consuming, words: words, table: table)
  }

  // MARK: - Cache

  nonisolated(unsafe) private static var cache: [[UInt8]: Result<NixRegex, SyntaxError>] = [:]
  nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
    let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    pthread_mutex_init(m, nil)
    return m
  }()

  /// The compiled form of `pattern`, from a process-wide cache.
  package static func cached(_ pattern: [UInt8]) throws(SyntaxError) -> NixRegex {
    pthread_mutex_lock(lock)
    let found = cache[pattern]
    pthread_mutex_unlock(lock)
    let result: Result<NixRegex, SyntaxError>
    if let found {
      result = found
    } else {
      do throws(SyntaxError) { result = .success(try NixRegex(pattern)) } catch { result = .failure(error) }
      pthread_mutex_lock(lock)
      if cache.count >= 4096 { cache.removeAll(keepingCapacity: true) }
      cache[pattern] = result
      pthread_mutex_unlock(lock)
    }
    return try result.get()
  }
}

/// Which threads of a search can still complete a match (see ``NixRegex/viability(of:)``).
package struct Viability {
  let consuming: [Int32]
  let words: Int
  let table: [UInt64]

  @inline(__always) func allows(_ pc: Int, at pos: Int) -> Bool {
    let c = Int(consuming[pc])
    return table[pos * words + c / 64] & (1 << UInt64(c % 64)) != 0
  }
}
