// Copies the rtl/ IP that the generated SV needs (transitively) into the package and writes
// files.f in dependency order: packages first, then modules leaves-first, then generated tops.
#include <fmt/format.h>

#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "emit/package.hpp"
#include "util/embedded_files.hpp"

namespace snapgen {

namespace {

// Module name -> embedded file, for every embedded rtl/ file (one module per file, named like
// the file).
std::map<std::string, const EmbeddedFile*> embedded_modules() {
  std::map<std::string, const EmbeddedFile*> m;
  for (const auto& f : embedded_files()) {
    if (f.path.rfind("rtl/", 0) != 0) continue;
    const auto slash = f.path.rfind('/');
    const auto dot = f.path.rfind(".sv");
    m[std::string(f.path.substr(slash + 1, dot - slash - 1))] = &f;
  }
  return m;
}

// Names of IP modules mentioned in `text` (instantiations), excluding `self`.
std::set<std::string> used_modules(std::string_view text, const std::map<std::string, const EmbeddedFile*>& ip,
                                   const std::string& self) {
  // A plain scan for identifiers starting with snap_ (std::regex with \b took most of the
  // generation time, and over 10 s per input in the sanitized fuzzer).
  auto ident = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  std::set<std::string> out;
  for (std::size_t at = text.find("snap_"); at != std::string_view::npos; at = text.find("snap_", at + 1)) {
    if (at > 0 && ident(text[at - 1])) continue;
    std::size_t end = at + 5;
    while (end < text.size() && ident(text[end])) ++end;
    const std::string name(text.substr(at, end - at));
    if (name != self && ip.count(name)) out.insert(name);
    at = end - 1;
  }
  return out;
}

}  // namespace

void emit_ip_and_filelist(const Design& d, Package& p) {
  const auto ip = embedded_modules();
  std::vector<std::string> ordered;  // leaves first
  std::set<std::string> done, visiting;
  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    if (done.count(name)) return;
    if (!visiting.insert(name).second) throw std::logic_error("rtl/ modules instantiate each other in a cycle: " + name);
    for (const auto& dep : used_modules(ip.at(name)->content, ip, name)) visit(dep);
    visiting.erase(name);
    done.insert(name);
    ordered.push_back(name);
  };
  std::vector<std::string> generated_sv;
  std::string pkg_file;
  for (const auto& f : p.files) {
    if (f.path.size() < 3 || f.path.substr(f.path.size() - 3) != ".sv") continue;
    if (f.path == d.name + "_pkg.sv") {
      pkg_file = f.path;
      continue;
    }
    generated_sv.push_back(f.path);
  }
  for (const auto& path : generated_sv)
    for (const auto& dep : used_modules(p.find(path)->content, ip, "")) visit(dep);

  // Plain paths, one per line, relative to the package root (tools run from there, or use
  // `-F files.f` in Verilator to resolve them relative to the list).
  std::string filelist;
  if (!pkg_file.empty()) filelist += pkg_file + "\n";
  for (const auto& name : ordered) {
    const EmbeddedFile* f = ip.at(name);
    p.add(std::string(f->path), std::string(f->content));
    filelist += std::string(f->path) + "\n";
  }
  for (const auto& path : generated_sv) filelist += path + "\n";
  p.add("files.f", filelist);
}

}  // namespace snapgen
