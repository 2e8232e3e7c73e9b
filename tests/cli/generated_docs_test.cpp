// The man page and the shell completions that the build generates (tracediff --generate): every
// option of every subcommand, as the app lists them and as --help shows them, is in the man page
// and in each completion; the page renders without warnings and each completion loads in its
// shell (zsh and fish only where they are installed).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>

#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::read_file;
using testing::run_bash;
using testing::run_tracediff;

const std::string k_build = TRACEDIFF_BUILD_DIR;
const std::string k_man = k_build + "/tracediff.1";
const std::string k_bash = k_build + "/completions/tracediff";
const std::string k_zsh = k_build + "/completions/_tracediff";
const std::string k_fish = k_build + "/completions/tracediff.fish";

// Subcommand ("" for the top level) -> its option names as typed ("--field", "-f").
using OptionMap = std::map<std::string, std::set<std::string>>;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

OptionMap walked_options() {
    const auto r = run_tracediff("--generate options");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    OptionMap options;
    for (const std::string& line : lines_of(r.out)) {
        const auto space = line.find(' ');
        options[line.substr(0, space)].insert(line.substr(space + 1));
    }
    return options;
}

// The names at the start of the lines of the "Options:" section of `--help`:
// "  -m,--manifest FILE   ..." gives -m and --manifest.
std::set<std::string> help_options(const std::string& sub) {
    const auto r = run_tracediff(sub + " --help");
    EXPECT_EQ(r.exit_code, 0);
    std::set<std::string> names;
    bool in_options = false;
    for (const std::string& line : lines_of(r.out)) {
        if (line == "Options:") {
            in_options = true;
        } else if (in_options && line.empty()) {
            break;
        } else if (in_options && line.rfind("  -", 0) == 0) {
            std::istringstream words(line.substr(2, line.find(' ', 2) - 2));
            for (std::string name; std::getline(words, name, ',');) {
                names.insert(name);
            }
        }
    }
    return names;
}

// The names bash's completion offers after `tracediff SUB -`.
std::set<std::string> bash_offers(const std::string& sub) {
    const std::string words = sub.empty() ? "tracediff -" : "tracediff " + sub + " -";
    const auto r = run_bash("source '" + k_bash + "'\nCOMP_WORDS=(" + words +
                                ")\nCOMP_CWORD=" + (sub.empty() ? "1" : "2") +
                                "\n_tracediff\nprintf '%s\\n' \"${COMPREPLY[@]}\"",
                            k_build);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto lines = lines_of(r.out);
    return {lines.begin(), lines.end()};
}

bool installed(const std::string& shell) {
    return run_bash("command -v " + shell, k_build).exit_code == 0;
}

// fish's completions of `tracediff SUB -`, the names before the tab.
std::set<std::string> fish_offers(const std::string& sub) {
    const std::string line = sub.empty() ? "tracediff -" : "tracediff " + sub + " -";
    const auto r =
        run_bash("fish -c 'source " + k_fish + "; complete -C\"" + line + "\"'", k_build);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> names;
    for (const std::string& l : lines_of(r.out)) {
        names.insert(l.substr(0, l.find('\t')));
    }
    return names;
}

// The part of `text` from `start` to the next line that begins with one of `ends`.
std::string section(const std::string& text, const std::string& start,
                    const std::vector<std::string>& ends) {
    const auto from = text.find(start);
    EXPECT_NE(from, std::string::npos) << start;
    auto to = std::string::npos;
    for (const auto& end : ends) {
        to = std::min(to, text.find("\n" + end, from + start.size()));
    }
    return text.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

// An option name as the man page writes it: \fB\-\-field\fR.
std::string roff_name(const std::string& name) {
    std::string out = "\\fB";
    for (const char c : name) {
        out += c == '-' ? std::string("\\-") : std::string(1, c);
    }
    return out + "\\fR";
}

TEST(GeneratedDocs, HelpAndTheWalkedAppListTheSameOptions) {
    const OptionMap walked = walked_options();
    ASSERT_EQ(walked.size(), 8U); // the top level and seven subcommands
    for (const auto& [sub, names] : walked) {
        EXPECT_EQ(help_options(sub), names) << "subcommand '" << sub << "'";
    }
}

TEST(GeneratedDocs, EveryOptionIsInTheManPageAndEachCompletion) {
    const std::string man = read_file(k_man);
    const std::string zsh = read_file(k_zsh);
    const bool fish = installed("fish");
    for (const auto& [sub, names] : walked_options()) {
        const std::string page =
            sub.empty() ? section(man, ".SH OPTIONS", {".SH"})
                        : section(man, ".SS \"tracediff " + sub + "\"", {".SS", ".SH"});
        const std::string arm = sub.empty() ? section(zsh, "_arguments -C", {"case"})
                                            : section(zsh, "    " + sub + ")\n", {"    *)"});
        const std::set<std::string> bash = bash_offers(sub);
        const std::set<std::string> fish_names = fish ? fish_offers(sub) : names;
        for (const std::string& name : names) {
            const std::string where = "'" + sub + "' option " + name;
            EXPECT_NE(page.find(roff_name(name)), std::string::npos) << where << ": man page";
            EXPECT_TRUE(bash.contains(name)) << where << ": bash";
            EXPECT_TRUE(arm.find("'*" + name + "[") != std::string::npos ||
                        arm.find("'" + name + "[") != std::string::npos)
                << where << ": zsh";
            EXPECT_TRUE(fish_names.contains(name)) << where << ": fish";
        }
    }
}

TEST(GeneratedDocs, ManPageRendersWithoutWarnings) {
    const auto groff = run_bash("groff -man -ww -z '" + k_man + "'", k_build);
    EXPECT_EQ(groff.exit_code, 0);
    EXPECT_EQ(groff.err, "");
    const auto man = run_bash("MANWIDTH=80 man -l '" + k_man + "'", k_build);
    EXPECT_EQ(man.exit_code, 0);
    EXPECT_EQ(man.err, "");
    EXPECT_NE(man.out.find("tracediff check [OPTIONS] [TRACE ...]"), std::string::npos);
    EXPECT_NE(man.out.find("--require-same-steps"), std::string::npos);
}

TEST(GeneratedDocs, BashCompletionLoadsAndCompletesValues) {
    const auto r = run_bash("source '" + k_bash + "' && complete -p tracediff", k_build);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "complete -o bashdefault -o default -F _tracediff tracediff\n");
    const auto mode = run_bash("source '" + k_bash +
                                   "'\nCOMP_WORDS=(tracediff check --mode c)\nCOMP_CWORD=3\n"
                                   "_tracediff\necho \"${COMPREPLY[@]}\"",
                               k_build);
    EXPECT_EQ(mode.out, "cross-gpu cross-comp\n");
    const auto subs = run_bash("source '" + k_bash +
                                   "'\nCOMP_WORDS=(tracediff '')\nCOMP_CWORD=1\n"
                                   "_tracediff\necho \"${COMPREPLY[@]}\"",
                               k_build);
    EXPECT_EQ(subs.out, "table diff check plot report tolerance golden\n");
}

TEST(GeneratedDocs, ZshCompletionLoads) {
    if (!installed("zsh")) {
        GTEST_SKIP() << "zsh is not installed";
    }
    const auto r = run_bash("d=$(mktemp -d) && zsh -fc 'fpath=(" + k_build +
                                "/completions $fpath); autoload -Uz compinit; compinit -u -d "
                                "'\"$d\"'/dump; print -r -- $_comps[tracediff]; autoload +X "
                                "_tracediff && print loaded'; rc=$?; rm -rf \"$d\"; exit $rc",
                            k_build);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "_tracediff\nloaded\n");
    EXPECT_EQ(r.err, "");
}

TEST(GeneratedDocs, FishCompletionLoadsAndCompletesValues) {
    if (!installed("fish")) {
        GTEST_SKIP() << "fish is not installed";
    }
    const auto r = run_bash("fish -c 'source " + k_fish +
                                "; complete -C\"tracediff check --mode \"' | cut -f1",
                            k_build);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "cross-comp\ncross-gpu\nstrict\n");
}

TEST(GeneratedDocs, GenerateNamesWhatItWrites) {
    const auto r = run_tracediff("--generate nope");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: --generate takes man, bash, zsh, fish or options, got "
                     "'nope'\n");
}

} // namespace
} // namespace tracediff
