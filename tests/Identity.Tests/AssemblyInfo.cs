using Alliance.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]
