// What a use case has to tell the user besides its result: sentences in the order they arose
// ("PATH:LINE: ..." from the reader, "'a' vs 'b': 3 steps only in 'b' are not compared", ...).
// The application layer never prints; each front end shows them its own way (the command line
// as "tracediff: warning: SENTENCE" on standard error).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tracediff::app {

class Warnings {
public:
    void add(std::string sentence) { m_sentences.push_back(std::move(sentence)); }
    void add_all(const std::vector<std::string>& sentences) {
        m_sentences.insert(m_sentences.end(), sentences.begin(), sentences.end());
    }
    // The sentences not taken yet, in order; they are gone from here afterwards.
    std::vector<std::string> take() { return std::exchange(m_sentences, {}); }
    bool empty() const { return m_sentences.empty(); }

private:
    std::vector<std::string> m_sentences;
};

} // namespace tracediff::app
