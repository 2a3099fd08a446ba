#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
