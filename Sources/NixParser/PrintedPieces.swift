import NixLexer
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The printed form of a tree as consecutive pieces of bytes, which it owns.
///
/// A large top-level set (a generated file) is printed in many pieces of a few hundred
/// attributes each, taken from a shared counter by two threads: each piece has a buffer of its
/// own and nothing is copied afterwards (the pieces go out with one `writev`). A thread slowed
/// down by a busy core simply prints fewer pieces. The second thread first runs a job of the
/// caller's (the command-line tool resolves variables there) while the first works out the
/// name tables, so that no third thread competes for the two cores.
final class PrintedPieces: @unchecked Sendable {
  /// The buffers, in output order (each allocated here and freed in `deinit`).
  private var buffers: [UnsafeMutableBufferPointer<UInt8>] = []

  /// Sets with at least this many attributes are printed in pieces at the top level.
  static let piecesThreshold = 2048
  /// Attributes per piece.
  static let attributesPerPiece = 256

  init(_ expr: Expr, symbols: SymbolTable, sizeHint: Int, alongside job: (@Sendable () -> Void)?) {
    let large: AttrSet?
    if case .attrSet(let set) = expr, set.entries.count >= Self.piecesThreshold { large = set } else { large = nil }
    let board = Board()
    var helper: NativeThread? = nil
    if large != nil || job != nil {
      helper = NativeThread.start(stackSize: 1 << 30) {
        job?()
        board.awaitWork()?.run()
      }
    }
    if helper == nil { job?() }
    let names = PrinterNames(symbols: symbols)
    guard let set = large else {
      board.publish(nil)
      helper?.join()
      var printer = ASTPrinter(names: names, capacity: sizeHint)
      printer.write(expr)
      buffers = [printer.output.takeBuffer()]
      return
    }
    let entries = set.entries
    var order = Array(entries.indices)
    order.sort { names.before(entries[$0].name, entries[$1].name) }
    var head = ASTPrinter(names: names, capacity: 1 << 12)
    if set.isRecursive { head.put("rec ") }
    head.put("{ ")
    order.withUnsafeBufferPointer { head.writeInherits(set, entries, $0) }
    let plain = order.filter { if case .plain = entries[$0].value { true } else { false } }
    let count = (plain.count + Self.attributesPerPiece - 1) / Self.attributesPerPiece
    let printed = UnsafeMutablePointer<UnsafeMutableBufferPointer<UInt8>>.allocate(capacity: count)
    defer { printed.deallocate() }
    let work = Work(
      entries: entries, plain: plain, names: names, printed: printed, count: count,
      capacity: max(1 << 12, sizeHint / max(count, 1) + sizeHint / max(count, 1) / 4))
    board.publish(work)
    work.run()
    helper?.join()
    var tail = ASTPrinter(names: names, capacity: 1 << 12)
    tail.writeDynamic(set)
    tail.put("}")
    buffers = [head.output.takeBuffer()] + UnsafeBufferPointer(start: printed, count: count) + [tail.output.takeBuffer()]
  }

  deinit {
    for buffer in buffers { buffer.baseAddress?.deallocate() }
  }

  /// The pieces in order.
  var pieces: [UnsafeBufferPointer<UInt8>] { buffers.map { UnsafeBufferPointer($0) } }

  /// The total number of bytes.
  var count: Int { buffers.reduce(0) { $0 + $1.count } }

  /// Where the first thread leaves the printing work (or word that there is none) for the
  /// second.
  private final class Board: @unchecked Sendable {
    private let state = Atomic<Int>(0)  // 0: not yet, 1: published
    private var work: Work? = nil

    func publish(_ work: Work?) {
      self.work = work
      state.store(1, ordering: .releasing)
    }

    /// Waits for ``publish(_:)``; the work, if any.
    func awaitWork() -> Work? {
      var spins = 0
      while state.load(ordering: .acquiring) == 0 {
        spins += 1
        if spins > 64 { sched_yield() }
      }
      return work
    }
  }

  /// The printing of the pieces of one set, shared by the threads that take them.
  private final class Work: @unchecked Sendable {
    let entries: [AttrEntry]
    let plain: [Int]
    let names: PrinterNames
    let printed: UnsafeMutablePointer<UnsafeMutableBufferPointer<UInt8>>
    let count: Int
    let capacity: Int
    let next = Atomic<Int>(0)

    init(
      entries: [AttrEntry], plain: [Int], names: PrinterNames,
      printed: UnsafeMutablePointer<UnsafeMutableBufferPointer<UInt8>>, count: Int, capacity: Int
    ) {
      self.entries = entries
      self.plain = plain
      self.names = names
      self.printed = printed
      self.count = count
      self.capacity = capacity
    }

    /// Prints pieces until none is left.
    func run() {
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < count else { return }
        var printer = ASTPrinter(names: names, capacity: capacity)
        let end = min(plain.count, (k + 1) * PrintedPieces.attributesPerPiece)
        printer.writePlain(entries, plain[(k * PrintedPieces.attributesPerPiece)..<end])
        printed[k] = printer.output.takeBuffer()
      }
    }
  }
}
