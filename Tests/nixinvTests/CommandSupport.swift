import Foundation

/// Runs the built `nixinv` executable, as a user would.
enum Nixinv {
  /// The package root (three levels above this file).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The executable next to the test bundle (SwiftPM builds both into one folder).
  static let executable: URL = {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("nixinv")
    if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
    return root.appendingPathComponent(".build/debug/nixinv")
  }()

  /// What one run produced.
  struct Outcome {
    let status: Int32
    let stdoutBytes: [UInt8]
    let stdout: String
    let stderr: String
  }

  /// Runs `nixinv ARGUMENTS` in the package root, feeding `input` on standard input, with
  /// `environment` added to this process's.
  static func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) throws -> Outcome {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.currentDirectoryURL = root
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(input) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes while the process runs, so that a large output cannot block it.
    final class Box: @unchecked Sendable { var data = Data() }
    let outBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      outBox.data = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, stdoutBytes: [UInt8](outBox.data),
      stdout: String(decoding: outBox.data, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Writes `bytes` to a fresh temporary file and returns its path.
  static func temporaryFile(_ bytes: [UInt8], name: String = "input.nix") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nixinv-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent(name)
    try Data(bytes).write(to: file)
    return file.path
  }
}
