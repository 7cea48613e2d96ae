-- wrk script of the `jwt` measurement: POST /v1/token with {"profile":"voice"} and a different RS256 ID token on
-- every request.
--   wrk -s id-tokens.lua URL -- TOKENS_FILE [THREADS]
-- TOKENS_FILE has one token a line. Each thread loads it in init() and walks it with its own counter, thread i
-- taking tokens i, i+THREADS, i+2*THREADS…, so that no two requests in flight carry the same token and a verification
-- cache could only hit once the whole list has gone by.

local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
end

local tokens = {}
local index = 1
local step = 1
local body = '{"profile":"voice"}'
local headers = { ["Content-Type"] = "application/json" }

function init(args)
   local path = args[1]
   if path == nil then
      error("usage: wrk -s id-tokens.lua URL -- TOKENS_FILE [THREADS]")
   end
   for line in io.lines(path) do
      if #line > 0 then
         tokens[#tokens + 1] = line
      end
   end
   if #tokens == 0 then
      error("no tokens in " .. path)
   end
   step = tonumber(args[2] or "1")
   index = ((id or 0) % #tokens) + 1
end

function request()
   headers["Authorization"] = "Bearer " .. tokens[index]
   index = index + step
   if index > #tokens then
      index = index - #tokens
   end
   return wrk.format("POST", "/v1/token", headers, body)
end
