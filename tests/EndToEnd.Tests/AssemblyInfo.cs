using Xunit;

// One system for the whole run: every class here talks to the same AppHost.
[assembly: AssemblyFixture(typeof(Alliance.SystemTesting.AllianceSystem))]
