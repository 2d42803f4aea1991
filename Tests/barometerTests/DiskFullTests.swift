import Foundation
import Testing

/// A run that cannot write (the disk fills up mid-run) exits 73 and leaves the published
/// outputs as they were. The output folder is a small tmpfs, which needs root (CI runs as
/// root); elsewhere the test says why it did not run.
@Suite struct DiskFullTests {
    typealias CLI = CommandLineTests

    @Test func aFullDiskExits73AndKeepsThePreviousOutputs() throws {
        let (pipeline, folder) = try CLI.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/out"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=2m", "tmpfs", output]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else {
            print("DiskFullTests: skipped, cannot mount a tmpfs here (needs root)")
            return
        }
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [output]
            try? umount.run()
            umount.waitUntilExit()
        }
        let first = try CLI.barometer(["run", pipeline])
        #expect(first.status == 0, "\(first.stderr)")
        let published = try String(contentsOfFile: output + "/latest/estimates.csv", encoding: .utf8)
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: output + "/latest")

        // Fill the disk, leaving a few kilobytes: the next run fails while writing its tables.
        var attributes = statvfs()
        statvfs(output, &attributes)
        let free = Int(attributes.f_bavail) * Int(attributes.f_frsize)
        FileManager.default.createFile(atPath: output + "/filler", contents: Data(count: max(0, free - 8_192)))

        let second = try CLI.barometer(["run", pipeline, "--force"])
        #expect(second.status == 73, "\(second.stderr)")
        #expect(second.stderr.contains("No space left on device"), Comment(rawValue: second.stderr))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: output + "/latest") == latest)
        #expect(try String(contentsOfFile: output + "/latest/estimates.csv", encoding: .utf8) == published)
        let staging = try FileManager.default.contentsOfDirectory(atPath: output + "/runs").filter { $0.hasPrefix(".") }
        #expect(staging.isEmpty, "\(staging)")

        // Room again: the next run succeeds.
        try FileManager.default.removeItem(atPath: output + "/filler")
        #expect(try CLI.barometer(["run", pipeline, "--force"]).status == 0)
    }
}
