#if canImport(Glibc)
  import Glibc
#endif
import Inventory
import NixEval
import NixLexer

/// The folder the input is written to, as `inventory.json` (one per process).
nonisolated(unsafe) var folder: String = {
  var template = Array("/tmp/nixinv-fuzz-XXXXXX".utf8CString)
  let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  return made.map { String(cString: $0) } ?? "/tmp"
}()

/// libFuzzer entry: the input as an `inventory.json`, loaded, resolved, dumped and linted.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = folder + "/inventory.json"
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  guard fd >= 0 else { return 0 }
  var written = 0
  while written < size {
    let n = write(fd, data + written, size - written)
    if n <= 0 { break }
    written += n
  }
  close(fd)
  _ = NativeThread.start(stackSize: 512 << 20) {
    var options = LoadOptions()
    options.maxSteps = 50_000
    options.deadline = Clock.now() + 2
    let sources = SourceMap()
    do throws(InventoryError) {
      let clan = try ClanLoader.load(path, cwd: "/", options: options, sources: sources)
      var resolver = Resolver(clan)
      let resolved = try resolver.resolve()
      _ = DumpDocument.json(resolved)
      _ = GraphRenderer.dot(resolved)
    } catch {
      _ = error.render(sources)
    }
    var lintOptions = LintOptions()
    lintOptions.load = options
    let lintSources = SourceMap()
    if let findings = try? Linter.lint(path, cwd: "/", options: lintOptions, sources: lintSources) {
      let renderer = LintRenderer(sources: lintSources)
      _ = renderer.human(findings, colour: false)
      _ = renderer.sarif(findings, base: "/")
    }
  }?.join()
  return 0
}
