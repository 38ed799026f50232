using System.Reflection;
using System.Runtime.Versioning;

namespace OpenApiClientGen.Runtime.Tests;

/// <summary>
/// Each leg runs the same tests against one build of the runtime: this project against its net8.0 build, the one in
/// NetStandard/ against its netstandard2.0 build (DefineConstants says which). Checked here, so that a leg that loaded
/// the other build would fail rather than test it twice.
/// </summary>
public sealed class BuildTargetTests
{
#if RUNTIME_NETSTANDARD2_0 && RUNTIME_NET8_0
#error Only one of RUNTIME_NETSTANDARD2_0 and RUNTIME_NET8_0 may be defined.
#elif RUNTIME_NETSTANDARD2_0
    private const string Expected = ".NETStandard,Version=v2.0";
#elif RUNTIME_NET8_0
    private const string Expected = ".NETCoreApp,Version=v8.0";
#else
#error Define RUNTIME_NET8_0 or RUNTIME_NETSTANDARD2_0: which build of the runtime this leg tests.
#endif

    [Fact]
    public void The_leg_loads_the_build_of_the_runtime_it_is_meant_to_test()
    {
        var runtime = typeof(ApiException).Assembly;
        Assert.Equal("OpenApiClientGen.Runtime", runtime.GetName().Name);
        Assert.Equal(Expected, runtime.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
    }

    [Fact]
    public void The_net8_build_has_the_DateOnly_API_and_the_netstandard_build_does_not()
    {
        var readDate = typeof(JsonSupport).GetMethod("ReadDate");
#if RUNTIME_NETSTANDARD2_0
        Assert.Null(readDate);
#else
        Assert.NotNull(readDate);
#endif
    }
}
