#include "model/safetensors.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace ccdf {
namespace {

// Messages quote text from the file; they stay one line whatever it holds.
std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string dtypeName(torch::ScalarType t) {
  switch (t) {
    case torch::kFloat32:
      return "F32";
    case torch::kFloat16:
      return "F16";
    case torch::kFloat64:
      return "F64";
    case torch::kInt64:
      return "I64";
    case torch::kInt32:
      return "I32";
    case torch::kUInt8:
      return "U8";
    default:
      throw std::runtime_error("safetensors: unsupported dtype " + std::string(c10::toString(t)));
  }
}

torch::ScalarType dtypeFromName(const std::string& n, const std::string& path) {
  if (n == "F32") return torch::kFloat32;
  if (n == "F16") return torch::kFloat16;
  if (n == "F64") return torch::kFloat64;
  if (n == "I64") return torch::kInt64;
  if (n == "I32") return torch::kInt32;
  if (n == "U8") return torch::kUInt8;
  throw std::runtime_error(path + ": unsupported tensor dtype '" + n + "'");
}

}  // namespace

void writeSafetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata, bool halfPrecision) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> blobs;
  int64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    auto t = tensor.detach().to(torch::kCPU).contiguous();
    if (halfPrecision && t.is_floating_point()) t = t.to(torch::kFloat16);
    const int64_t bytes = t.numel() * t.element_size();
    header[name] = {{"dtype", dtypeName(t.scalar_type())},
                    {"shape", t.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    blobs.push_back(t);
  }
  std::string headerText = header.dump();
  while (headerText.size() % 8) headerText += ' ';  // keep the data 8-byte aligned
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + temp);
    const uint64_t n = headerText.size();
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    out.write(reinterpret_cast<const char*>(len), 8);
    out.write(headerText.data(), static_cast<std::streamsize>(n));
    for (const auto& t : blobs)
      out.write(static_cast<const char*>(t.data_ptr()), t.numel() * t.element_size());
    out.flush();
    if (!out) {
      std::remove(temp.c_str());
      throw std::runtime_error("failed writing " + temp + " (disk full?)");
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot move " + temp + " to " + path);
  }
}

NamedTensors readSafetensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error(path + ": cannot open weights file");
  const int64_t fileSize = in.tellg();
  in.seekg(0);
  if (fileSize < 8) throw std::runtime_error(path + ": not a safetensors file (too short)");
  unsigned char len[8];
  in.read(reinterpret_cast<char*>(len), 8);
  uint64_t headerSize = 0;
  for (int i = 0; i < 8; ++i) headerSize |= uint64_t(len[i]) << (8 * i);
  if (headerSize > uint64_t(fileSize - 8) || headerSize > (100u << 20))
    throw std::runtime_error(path + ": corrupt safetensors header length");
  std::string headerText(headerSize, '\0');
  in.read(headerText.data(), static_cast<std::streamsize>(headerSize));
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(headerText);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": corrupt safetensors header (" + e.what() + ")");
  }
  if (!header.is_object()) throw std::runtime_error(path + ": safetensors header is not an object");
  const int64_t dataStart = 8 + int64_t(headerSize), dataSize = fileSize - dataStart;
  NamedTensors out;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") continue;
    try {
      const auto dtype = dtypeFromName(info.at("dtype").get<std::string>(), path);
      const auto shape = info.at("shape").get<std::vector<int64_t>>();
      const auto offsets = info.at("data_offsets").get<std::vector<int64_t>>();
      // Checked before multiplying, over the non-zero sizes too (see npy_io.cpp).
      int64_t numel = 1, extent = 1;
      for (auto d : shape) {
        if (d < 0 || (d > 1 && extent > (int64_t(1) << 40) / d))
          throw std::runtime_error("bad shape");
        extent *= std::max<int64_t>(d, 1);
        numel *= d;
      }
      const int64_t bytes = numel * int64_t(c10::elementSize(dtype));
      if (offsets.size() != 2 || offsets[0] < 0 || offsets[1] > dataSize ||
          offsets[1] - offsets[0] != bytes)
        throw std::runtime_error("data offsets do not match shape and dtype");
      auto t = torch::empty(shape, torch::TensorOptions().dtype(dtype));
      in.seekg(dataStart + offsets[0]);
      in.read(static_cast<char*>(t.data_ptr()), bytes);
      if (!in) throw std::runtime_error("truncated data");
      out[name] = t;
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(
          oneLine(path + ": tensor '" + name + "': malformed entry (" + e.what() + ")"));
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      throw std::runtime_error(
          oneLine(what.rfind(path, 0) == 0 ? what : path + ": tensor '" + name + "': " + what));
    }
  }
  return out;
}

NamedTensors moduleTensors(const torch::nn::Module& module) {
  NamedTensors out;
  for (const auto& p : module.named_parameters()) out[p.key()] = p.value();
  for (const auto& b : module.named_buffers()) out[b.key()] = b.value();
  return out;
}

void loadIntoModule(torch::nn::Module& module, const NamedTensors& tensors,
                    const std::string& source) {
  const NamedTensors expected = moduleTensors(module);
  for (const auto& [name, target] : expected) {
    const auto it = tensors.find(name);
    if (it == tensors.end()) throw std::runtime_error(source + ": missing tensor '" + name + "'");
    if (it->second.sizes() != target.sizes())
      throw std::runtime_error(source + ": tensor '" + name + "' has shape " +
                               c10::str(it->second.sizes()) + ", expected " +
                               c10::str(target.sizes()));
    if (!it->second.is_floating_point())
      throw std::runtime_error(source + ": tensor '" + name + "' has dtype " +
                               std::string(c10::toString(it->second.scalar_type())) +
                               ", expected a float type");
  }
  for (const auto& [name, t] : tensors)
    if (!expected.count(name))
      throw std::runtime_error(source + ": unexpected tensor '" + name + "' (wrong architecture?)");
  torch::NoGradGuard noGrad;
  for (auto& [name, target] : expected) target.copy_(tensors.at(name).to(target.options()));
}

}  // namespace ccdf
