#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A compiled POSIX extended regular expression over bytes, with the semantics Nix gets from
/// libstdc++'s `std::regex::extended`: the leftmost match, the longest from there, and the
/// captures of the highest-priority path (greedy, first alternative first) reaching that
/// end. Matching is a Pike VM, so time is O(pattern × input): no input can make it hang.
final class NixRegex {
  /// One instruction of the program.
  struct Inst {
    enum Op: UInt8 { case byte, set, any, split, jmp, save, bol, eol, match }
    var op: Op
    var a: Int32 = 0
    var b: Int32 = 0
  }

  /// The error for a pattern the syntax rejects.
  struct SyntaxError: Error {}

  let program: [Inst]
  let sets: [ByteSet]
  /// The number of capture groups, not counting the whole match.
  let groups: Int
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
  func wholeMatch(_ input: [UInt8]) -> [Int]? {
    var vm = PikeVM(regex: self, input: input, anchored: true)
    return vm.run(from: 0)
  }

  /// The capture positions of the leftmost-longest match starting at `from` or later, or nil.
  /// `viability`, from ``viability(of:)`` for the same input, makes repeated searches linear.
  /// `scanned` grows by the number of positions the search looked at.
  func firstMatch(in input: [UInt8], from: Int, viability: Viability? = nil, scanned: inout Int) -> [Int]? {
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
  func viability(of input: [UInt8]) -> Viability? {
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
  static func cached(_ pattern: [UInt8]) throws(SyntaxError) -> NixRegex {
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
struct Viability {
  let consuming: [Int32]
  let words: Int
  let table: [UInt64]

  @inline(__always) func allows(_ pc: Int, at pos: Int) -> Bool {
    let c = Int(consuming[pc])
    return table[pos * words + c / 64] & (1 << UInt64(c % 64)) != 0
  }
}

/// A set of bytes as a 256-bit map.
struct ByteSet {
  var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  @inline(__always) func contains(_ b: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: return words.0 & bit != 0
    case 1: return words.1 & bit != 0
    case 2: return words.2 & bit != 0
    default: return words.3 & bit != 0
    }
  }

  mutating func insert(_ b: UInt8) {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: words.0 |= bit
    case 1: words.1 |= bit
    case 2: words.2 |= bit
    default: words.3 |= bit
    }
  }

  mutating func insert(where predicate: (UInt8) -> Bool) {
    for b in 0...255 where predicate(UInt8(b)) { insert(UInt8(b)) }
  }

  mutating func formUnion(_ o: ByteSet) {
    words.0 |= o.words.0
    words.1 |= o.words.1
    words.2 |= o.words.2
    words.3 |= o.words.3
  }

  mutating func invert() { words = (~words.0, ~words.1, ~words.2, ~words.3) }
}

/// The syntax tree of a pattern.
indirect enum RegexNode {
  case empty
  case byte(UInt8)
  case set(ByteSet)
  case any
  case bol, eol
  case group(Int, RegexNode)
  case concat([RegexNode])
  case alternation([RegexNode])
  case repeated(RegexNode, min: Int, max: Int?)
}

/// Parses the extended syntax libstdc++ accepts: `|`, `()`, `* + ? {n} {n,} {n,m}`, `.`,
/// `^ $`, bracket expressions with ranges, `[:class:]`, `[.c.]` and `[=c=]`, and `\` before a
/// special character only.
struct RegexParser {
  let bytes: [UInt8]
  var pos = 0
  var groupCount = 0
  var depth = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func parseTop() throws(NixRegex.SyntaxError) -> RegexNode {
    let node = try parseAlternation()
    if pos != bytes.count { throw .init() }
    return node
  }

  private var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

  private mutating func parseAlternation() throws(NixRegex.SyntaxError) -> RegexNode {
    depth += 1
    defer { depth -= 1 }
    if depth > 500 { throw .init() }
    var branches = [try parseConcat()]
    while peek == UInt8(ascii: "|") {
      pos += 1
      branches.append(try parseConcat())
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func parseConcat() throws(NixRegex.SyntaxError) -> RegexNode {
    var items: [RegexNode] = []
    while let c = peek, c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
      var atom = try parseAtom()
      let quantifiable: Bool
      switch atom {
      case .bol, .eol: quantifiable = false
      default: quantifiable = true
      }
      quantifiers: while let q = peek {
        var minimum = 0
        var maximum: Int? = nil
        switch q {
        case UInt8(ascii: "*"): pos += 1
        case UInt8(ascii: "+"): pos += 1; minimum = 1
        case UInt8(ascii: "?"): pos += 1; maximum = 1
        case UInt8(ascii: "{"):
          pos += 1
          guard let n = parseNumber() else { throw .init() }
          minimum = n
          maximum = n
          if peek == UInt8(ascii: ",") {
            pos += 1
            maximum = parseNumber()
          }
          guard peek == UInt8(ascii: "}") else { throw .init() }
          pos += 1
          if let m = maximum, m < minimum { throw .init() }
        default:
          break quantifiers
        }
        if !quantifiable { throw .init() }
        atom = .repeated(atom, min: minimum, max: maximum)
      }
      items.append(atom)
    }
    return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
  }

  private mutating func parseNumber() -> Int? {
    var n = 0
    let start = pos
    while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
      n = min(n * 10 + Int(c - UInt8(ascii: "0")), 100_000)
      pos += 1
    }
    return pos == start ? nil : n
  }

  private mutating func parseAtom() throws(NixRegex.SyntaxError) -> RegexNode {
    let c = bytes[pos]
    pos += 1
    switch c {
    case UInt8(ascii: "("):
      groupCount += 1
      let index = groupCount
      let inner = try parseAlternation()
      guard peek == UInt8(ascii: ")") else { throw .init() }
      pos += 1
      return .group(index, inner)
    case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"): throw .init()
    case UInt8(ascii: "."): return .any
    case UInt8(ascii: "^"): return .bol
    case UInt8(ascii: "$"): return .eol
    case UInt8(ascii: "["): return .set(try parseBracket())
    case UInt8(ascii: "\\"):
      guard let e = peek, Array("|+?()^$*[\\.{".utf8).contains(e) else { throw .init() }
      pos += 1
      return .byte(e)
    default: return .byte(c)
    }
  }

  /// A bracket expression, after its `[`.
  private mutating func parseBracket() throws(NixRegex.SyntaxError) -> ByteSet {
    var set = ByteSet()
    var negated = false
    if peek == UInt8(ascii: "^") {
      negated = true
      pos += 1
    }
    var first = true
    while true {
      guard let c = peek else { throw .init() }
      if c == UInt8(ascii: "]") && !first { pos += 1; break }
      first = false
      // One element: a class (no range allowed), or a byte that may start a range.
      let low: UInt8
      if c == UInt8(ascii: "["), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: ":") {
        pos += 2
        let name = try bracketName(until: UInt8(ascii: ":"))
        guard let pred = Self.characterClass(name) else { throw .init() }
        set.insert(where: pred)
        if peek == UInt8(ascii: "-"), pos + 1 < bytes.count, bytes[pos + 1] != UInt8(ascii: "]") { throw .init() }
        continue
      } else if let b = try collatingElement() {
        low = b
      } else {
        low = c
        pos += 1
      }
      if peek == UInt8(ascii: "-"), pos + 1 < bytes.count, bytes[pos + 1] != UInt8(ascii: "]") {
        pos += 1
        let high: UInt8
        if let b = try collatingElement() {
          high = b
        } else {
          guard let h = peek else { throw .init() }
          if h == UInt8(ascii: "["), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: ":") { throw .init() }
          high = h
          pos += 1
        }
        if high < low { throw .init() }
        for b in low...high { set.insert(b) }
        // `[a-c-e]`: a range cannot end where another begins.
        if peek == UInt8(ascii: "-"), pos + 1 < bytes.count, bytes[pos + 1] != UInt8(ascii: "]") { throw .init() }
      } else {
        set.insert(low)
      }
    }
    if negated { set.invert() }
    return set
  }

  /// `[.c.]` or `[=c=]` at the position, as its single byte; nil when neither starts here.
  private mutating func collatingElement() throws(NixRegex.SyntaxError) -> UInt8? {
    guard peek == UInt8(ascii: "["), pos + 1 < bytes.count,
      bytes[pos + 1] == UInt8(ascii: ".") || bytes[pos + 1] == UInt8(ascii: "=")
    else { return nil }
    let delimiter = bytes[pos + 1]
    pos += 2
    let name = try bracketName(until: delimiter)
    guard name.count == 1 else { throw .init() }
    return name[0]
  }

  /// The bytes up to `delimiter` followed by `]`, consuming both.
  private mutating func bracketName(until delimiter: UInt8) throws(NixRegex.SyntaxError) -> [UInt8] {
    let start = pos
    while pos + 1 < bytes.count {
      if bytes[pos] == delimiter && bytes[pos + 1] == UInt8(ascii: "]") {
        let name = Array(bytes[start..<pos])
        pos += 2
        return name
      }
      pos += 1
    }
    throw .init()
  }

  /// The C-locale predicate of a `[:name:]` class.
  static func characterClass(_ name: [UInt8]) -> ((UInt8) -> Bool)? {
    func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    func isPunct(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F && !isAlpha(b) && !isDigit(b) }
    switch String(decoding: name, as: UTF8.self) {
    case "alpha": return isAlpha
    case "digit", "d": return isDigit
    case "alnum": return { isAlpha($0) || isDigit($0) }
    case "w": return { isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    case "upper": return { $0 >= 0x41 && $0 <= 0x5A }
    case "lower": return { $0 >= 0x61 && $0 <= 0x7A }
    case "space", "s": return isSpace
    case "blank": return { $0 == 0x20 || $0 == 0x09 }
    case "punct": return isPunct
    case "print": return { $0 >= 0x20 && $0 < 0x7F }
    case "graph": return { $0 > 0x20 && $0 < 0x7F }
    case "cntrl": return { $0 < 0x20 || $0 == 0x7F }
    case "xdigit": return { isDigit($0) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x66) }
    default: return nil
    }
  }
}

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

/// One run of a program over an input: threads in priority order, each at a consuming
/// instruction, with their capture positions in a flat array.
struct PikeVM {
  let regex: NixRegex
  let input: [UInt8]
  let anchored: Bool
  let program: [NixRegex.Inst]
  let width: Int
  /// Per instruction: the step it was last visited in, and how often in that step.
  var visitStep: [Int]
  var visitCount: [UInt8]
  var step = 0
  var work: [Int]
  var best: [Int]? = nil
  var viability: Viability? = nil
  /// The last position the run looked at.
  var scannedTo = 0
  var currentPCs: [Int32] = []
  var currentCaps: [Int] = []
  var nextPCs: [Int32] = []
  var nextCaps: [Int] = []

  init(regex: NixRegex, input: [UInt8], anchored: Bool) {
    self.regex = regex
    self.input = input
    self.anchored = anchored
    self.program = regex.program
    self.width = 2 * (regex.groups + 1)
    visitStep = [Int](repeating: -1, count: program.count)
    visitCount = [UInt8](repeating: 0, count: program.count)
    work = [Int](repeating: -1, count: width)
  }

  /// Follows the epsilon paths from `pc` at `pos`, adding consuming instructions to the next
  /// list and recording matches. Each non-consuming instruction is entered at most twice per
  /// position (as libstdc++ lets a loop run once more on an empty iteration), a consuming one once.
  private mutating func add(_ pc: Int, _ pos: Int) {
    if visitStep[pc] != step {
      visitStep[pc] = step
      visitCount[pc] = 0
    }
    let inst = program[pc]
    switch inst.op {
    case .byte, .set, .any:
      if visitCount[pc] >= 1 { return }
      visitCount[pc] = 1
      if let best, work[0] > best[0] { return }
      if let viability, !viability.allows(pc, at: pos) { return }
      nextPCs.append(Int32(pc))
      nextCaps.append(contentsOf: work)
      return
    default:
      if visitCount[pc] >= 2 { return }
      visitCount[pc] += 1
    }
    switch inst.op {
    case .split:
      add(Int(inst.a), pos)
      add(Int(inst.b), pos)
    case .jmp: add(Int(inst.a), pos)
    case .save:
      let k = Int(inst.a)
      let old = work[k]
      work[k] = pos
      add(pc + 1, pos)
      work[k] = old
    case .bol: if pos == 0 { add(pc + 1, pos) }
    case .eol: if pos == input.count { add(pc + 1, pos) }
    case .match:
      if anchored {
        if pos == input.count && best == nil { best = work }
      } else if let b = best {
        if work[0] < b[0] || (work[0] == b[0] && work[1] > b[1]) { best = work }
      } else {
        best = work
      }
    default: break
    }
  }

  /// The captures of the match (see ``NixRegex/firstMatch(in:from:)``).
  mutating func run(from start: Int) -> [Int]? {
    let n = input.count
    var pos = start
    if !anchored && start > 0, let first = regex.firstBytes {
      while pos < n && !first.contains(input[pos]) { pos += 1 }
      if pos == n { return nil }
    }
    defer { scannedTo = pos }
    step += 1
    add(0, pos)
    while true {
      swap(&currentPCs, &nextPCs)
      swap(&currentCaps, &nextCaps)
      nextPCs.removeAll(keepingCapacity: true)
      nextCaps.removeAll(keepingCapacity: true)
      if pos >= n || (currentPCs.isEmpty && (best != nil || anchored)) { break }
      let byte = input[pos]
      step += 1
      for (t, pc) in currentPCs.enumerated() {
        let inst = program[Int(pc)]
        let ok: Bool
        switch inst.op {
        case .byte: ok = byte == UInt8(truncatingIfNeeded: inst.a)
        case .set: ok = regex.sets[Int(inst.a)].contains(byte)
        default: ok = true
        }
        if !ok { continue }
        let base = t * width
        for k in 0..<width { work[k] = currentCaps[base + k] }
        add(Int(pc) + 1, pos + 1)
      }
      pos += 1
      if !anchored && best == nil {
        if nextPCs.isEmpty, let first = regex.firstBytes {
          while pos < n && !first.contains(input[pos]) { pos += 1 }
          if pos == n { break }
        }
        for k in 0..<width { work[k] = -1 }
        add(0, pos)
      }
    }
    return best
  }
}
