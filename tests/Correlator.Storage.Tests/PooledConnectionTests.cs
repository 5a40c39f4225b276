using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage.Tests;

/// <summary>
/// <see cref="SqliteStore.OpenPooledAsync"/> opens pooled connections concurrently, which is safe only if the pinned
/// Microsoft.Data.Sqlite carries the fix for dotnet/efcore#39008. The race is a few instructions wide (a probe outside
/// the suite saw it in 1 wave of 16 concurrent opens in 400 to 900 with 10.0.12, never with 10.0.15), too rare for a
/// test to catch; so this checks the fix itself: a pooled connection's owner is set before it is marked active, so the
/// pool's leak check cannot see it active and ownerless. A new package version that reorganises these internals fails
/// here with a message naming what to re-check.
/// </summary>
public sealed class PooledConnectionTests
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    [Fact]
    public void Activate_PinnedPackage_SetsOwnerBeforeMarkingActive()
    {
        var type = typeof(SqliteConnection).Assembly.GetType("Microsoft.Data.Sqlite.SqliteConnectionInternal");
        var activate = type?.GetMethod("Activate", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.True(activate is not null,
            "SqliteConnectionInternal.Activate is gone: re-check dotnet/efcore#39008 before trusting concurrent pooled opens.");

        var members = MembersIn(activate);
        int setOwner = members.FindIndex(m => m.Name == "SetTarget");
        int markActive = members.FindIndex(m => m.Name == "_active");

        Assert.True(setOwner >= 0 && markActive >= 0, "Activate no longer sets _active and the owner: re-check dotnet/efcore#39008.");
        Assert.True(setOwner < markActive,
            $"Microsoft.Data.Sqlite {typeof(SqliteConnection).Assembly.GetName().Version} marks a pooled connection active "
            + "before setting its owner (dotnet/efcore#39008): concurrent opens can share one native connection.");
    }

    /// <summary>The fields and methods an IL body refers to, in order.</summary>
    private static List<MemberInfo> MembersIn(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var members = new List<MemberInfo>();
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var code = OpCodesByValue[value];
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod)
            {
                members.Add(method.Module.ResolveMember(BitConverter.ToInt32(il, i))!);
            }

            i += OperandSize(code.OperandType, il, i);
        }

        return members;
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
