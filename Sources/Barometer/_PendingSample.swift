// TEMPORARY until the sample branch lands.
public struct SampleConfiguration: Sendable { public init(seed: UInt64, respondents: Int, wave: String) {} }
public struct SampleGenerator { public init(_ c: SampleConfiguration) {}; public func write(to directory: String) throws {} }
