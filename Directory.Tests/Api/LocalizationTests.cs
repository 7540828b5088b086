using System.Text.Json.Nodes;
using Directory.Tests.Infrastructure;

namespace Directory.Tests.ApiTests;

/// <summary>Texts answer in the language asked for (lang, then Accept-Language), falling back to Italian.</summary>
public sealed class LocalizationTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string LivornoDesk = "Sportello Unico per l'Immigrazione di Livorno";
    private const string LivornoDeskEn = "Single Desk for Immigration of Livorno";
    private const string LivornoDeskFr = "Guichet unique pour l'immigration de Livourne";

    private async Task<string> LivornoDeskIdAsync()
    {
        var services = (await api.Query("{ services(first: 100, lang: \"it\") { nodes { id name } } }")).Ok().Nodes("services");
        var desk = services.SingleOrDefault(s => s.Text("name") == LivornoDesk);
        Assert.True(desk is not null, $"The demo data has no service named \"{LivornoDesk}\"");
        return desk.Text("id");
    }

    private async Task<JsonNode> LivornoDeskAsync(string? lang, string? acceptLanguage = null)
    {
        var id = await LivornoDeskIdAsync();
        return (await api.Query(
            "query($id: ID!, $lang: String) { service(id: $id, lang: $lang) { name shortDescription description language availableLanguages } }",
            new { id, lang },
            acceptLanguage)).Ok()["service"]!;
    }

    private async Task<JsonNode> InformationCategoryAsync(string? lang, string? acceptLanguage = null) =>
        (await api.Query(
            "query($lang: String) { categories(first: 100, lang: $lang) { nodes { code name description children { code name } } } }",
            new { lang },
            acceptLanguage)).Ok().Nodes("categories").Single(c => c.Text("code") == "information")!;

    [Fact]
    public async Task Categories_in_lang_en_come_back_in_english()
    {
        var information = await InformationCategoryAsync("en");

        Assert.Equal("Information and guidance", information.Text("name"));
        Assert.StartsWith("Desks and services that inform", information.Text("description"), StringComparison.Ordinal);
        var migrantDesk = information["children"]!.AsArray().Single(c => c.Text("code") == "information.migrant-desk");
        Assert.Equal("Information desk for foreign residents", migrantDesk.Text("name"));
    }

    [Fact]
    public async Task Categories_without_a_language_are_in_italian()
    {
        var information = await InformationCategoryAsync(null);

        Assert.Equal("Informazione e orientamento", information.Text("name"));
    }

    [Fact]
    public async Task Accept_language_en_answers_in_english()
    {
        var information = await InformationCategoryAsync(null, "en");

        Assert.Equal("Information and guidance", information.Text("name"));
    }

    [Fact]
    public async Task Accept_language_applies_to_a_document_that_takes_no_lang()
    {
        // No field of this document takes `lang`: the preferences are the request's, built once for all its fields.
        var categories = (await api.Query("{ categories(first: 100) { nodes { code name children { code name } } } }", acceptLanguage: "en")).Ok().Nodes("categories");

        var information = categories.Single(c => c.Text("code") == "information")!;
        Assert.Equal("Information and guidance", information.Text("name"));
        var migrantDesk = information["children"]!.AsArray().Single(c => c.Text("code") == "information.migrant-desk");
        Assert.Equal("Information desk for foreign residents", migrantDesk.Text("name"));
    }

    [Fact]
    public async Task Lang_given_in_a_fragment_wins_over_accept_language()
    {
        var data = (await api.Query(
            "query { ...Categories } fragment Categories on Query { categories(first: 100, lang: \"en\") { nodes { code name } } }",
            acceptLanguage: "fr")).Ok();

        var information = data.Nodes("categories").Single(c => c.Text("code") == "information")!;
        Assert.Equal("Information and guidance", information.Text("name"));
    }

    [Fact]
    public async Task Accept_language_with_region_answers_in_the_language()
    {
        var information = await InformationCategoryAsync(null, "en-GB");

        Assert.Equal("Information and guidance", information.Text("name"));
    }

    [Fact]
    public async Task Lang_argument_wins_over_accept_language()
    {
        var information = await InformationCategoryAsync("it", "en");

        Assert.Equal("Informazione e orientamento", information.Text("name"));
    }

    [Fact]
    public async Task Lang_without_translations_falls_back_to_italian()
    {
        var italian = await InformationCategoryAsync("it");

        var information = await InformationCategoryAsync("de");

        Assert.Equal("Informazione e orientamento", information.Text("name"));
        Assert.Equal(italian.Text("description"), information.Text("description"));
        Assert.Equal(italian["children"]!.AsArray().Texts("name"), information["children"]!.AsArray().Texts("name"));
    }

    [Fact]
    public async Task Accept_language_tries_each_language_in_order_of_quality()
    {
        var information = await InformationCategoryAsync(null, "de, en;q=0.8, it;q=0.5");

        Assert.Equal("Information and guidance", information.Text("name"));
    }

    [Fact]
    public async Task Node_with_lang_answers_in_that_language()
    {
        var id = (await api.Query("""{ category(code: "information") { id } }""")).Ok()["category"].Text("id");

        var data = (await api.Query(
            "query($id: ID!) { node(id: $id, lang: \"en\") { ... on Category { name children { name } } } nodes(ids: [$id], lang: \"en\") { ... on Category { name } } }",
            new { id })).Ok();

        Assert.Equal("Information and guidance", data["node"].Text("name"));
        Assert.Contains("Information desk for foreign residents", data["node"]!["children"]!.AsArray().Texts("name"));
        Assert.Equal("Information and guidance", data["nodes"]![0].Text("name"));
    }

    [Fact]
    public async Task Available_languages_list_italian_then_english()
    {
        var data = (await api.Query("""{ category(code: "information") { language availableLanguages } }""")).Ok();

        Assert.Equal("it", data["category"].Text("language"));
        Assert.Equal(["it", "en"], data["category"]!["availableLanguages"].Strings());
    }

    [Fact]
    public async Task Translations_list_the_translation_rows()
    {
        var data = (await api.Query("""
            { category(code: "information") { translations { field language text sourceLanguage machineTranslated updatedAt } } }
            """)).Ok();

        var rows = data["category"]!["translations"]!.AsArray();
        Assert.Equal([("description", "en"), ("name", "en")], rows.Select(r => (r.Text("field"), r.Text("language"))).ToList());
        var name = rows.Single(r => r.Text("field") == "name")!;
        Assert.Equal("Information and guidance", name.Text("text"));
        Assert.Equal("it", name.Text("sourceLanguage"));
        Assert.False(name["machineTranslated"]!.GetValue<bool>());
        Assert.True(DateTimeOffset.TryParse(name.Text("updatedAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
    }

    [Fact]
    public async Task Translation_timestamps_are_utc_like_record_timestamps()
    {
        var data = (await api.Query("""{ category(code: "information") { updatedAt translations { updatedAt } } }""")).Ok();

        Assert.EndsWith("Z", data["category"].Text("updatedAt"), StringComparison.Ordinal);
        Assert.All(data["category"]!["translations"]!.AsArray(), t => Assert.EndsWith("Z", t.Text("updatedAt"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Translations_can_be_limited_to_one_language()
    {
        var id = await LivornoDeskIdAsync();

        var data = (await api.Query("query($id: ID!) { service(id: $id) { translations(language: \"fr\") { field language text } } }", new { id })).Ok();

        var rows = data["service"]!["translations"]!.AsArray();
        Assert.Equal(["name", "shortDescription"], rows.Texts("field"));
        Assert.All(rows, r => Assert.Equal("fr", r.Text("language")));
        Assert.Equal(LivornoDeskFr, rows[0].Text("text"));
    }

    [Fact]
    public async Task Service_answers_in_english_as_seeded()
    {
        var desk = await LivornoDeskAsync("en");

        Assert.Equal(LivornoDeskEn, desk.Text("name"));
        Assert.Equal("it", desk.Text("language"));
        Assert.Equal(["it", "en", "fr"], desk["availableLanguages"].Strings());
    }

    [Fact]
    public async Task Service_answers_in_french_as_seeded()
    {
        var desk = await LivornoDeskAsync("fr");

        Assert.Equal(LivornoDeskFr, desk.Text("name"));
    }

    [Fact]
    public async Task Field_without_translation_in_the_language_falls_back_to_italian()
    {
        var italian = await LivornoDeskAsync("it");
        var english = await LivornoDeskAsync("en");

        var french = await LivornoDeskAsync("fr");

        // Only name and shortDescription are translated into French.
        Assert.NotEqual(italian.Text("shortDescription"), french.Text("shortDescription"));
        Assert.Equal(italian.Text("description"), french.Text("description"));
        Assert.NotEqual(english.Text("description"), french.Text("description"));
    }

    [Fact]
    public async Task Field_without_translation_falls_back_to_the_next_accepted_language()
    {
        var english = await LivornoDeskAsync("en");

        var desk = await LivornoDeskAsync(null, "fr, en;q=0.9");

        Assert.Equal(LivornoDeskFr, desk.Text("name"));
        Assert.Equal(english.Text("description"), desk.Text("description"));
    }

    [Fact]
    public async Task Lang_on_the_root_field_applies_to_nested_objects()
    {
        var data = (await api.Query("""
            { services(first: 100, lang: "en") { nodes { name categories { code name } } } }
            """)).Ok();

        var desk = data.Nodes("services").Single(s => s.Text("name") == LivornoDeskEn)!;
        var workPermit = desk["categories"]!.AsArray().Single(c => c.Text("code") == "legal.work-permit")!;
        Assert.Equal("Work authorisation", workPermit.Text("name"));
    }

    [Fact]
    public async Task Chinese_without_script_gets_the_simplified_chinese_translation()
    {
        var data = (await api.Query("{ services(first: 100, lang: \"zh\") { nodes { name availableLanguages } } }")).Ok();

        var chinese = data.Nodes("services").Where(s => s!["availableLanguages"].Strings().Contains("zh-Hans")).ToList();
        Assert.NotEmpty(chinese);
        Assert.All(chinese, s => Assert.Contains(s.Text("name"), c => c >= '\u4e00' && c <= '\u9fff'));
    }

    [Theory]
    [InlineData("{ categories(lang: \"123\") { totalCount } }")]
    [InlineData("{ services(lang: \"123\") { totalCount } }")]
    [InlineData("{ organizations(lang: \"e\") { totalCount } }")]
    [InlineData("{ procedures(lang: \"english\") { totalCount } }")]
    [InlineData("{ associations(lang: \"en_\") { totalCount } }")]
    [InlineData("{ councils(lang: \"\") { totalCount } }")]
    [InlineData("{ category(code: \"information\", lang: \"123\") { name } }")]
    [InlineData("{ node(id: \"UmVnaW9uOjA5\", lang: \"123\") { id } }")]
    [InlineData("{ nodes(ids: [\"UmVnaW9uOjA5\"], lang: \"123\") { id } }")]
    public async Task Invalid_language_tag_is_bad_user_input(string query)
    {
        var response = await api.Query(query);

        response.Error("BAD_USER_INPUT", "lang", inMessage: true);
    }

    [Fact]
    public async Task Malformed_accept_language_is_ignored()
    {
        var information = await InformationCategoryAsync(null, "123, en;q=0.5");

        Assert.Equal("Information and guidance", information.Text("name"));
    }
}
