-- requests.lua - varied requests for bench/incidents/run.sh (wrk -s).
--
--   wrk -s requests.lua URL -- MODE ARG...
--
--   create NOW UNIT_IDS TYPES           POST /api/v1/incidents, unique titles,
--                                       detected 1 hour to 7 days before NOW
--                                       (seconds since the epoch)
--   get IDS_FILE                        GET /api/v1/incidents/{id}, random ids
--   list UNIT_IDS TYPES STATUSES        GET ?status=&type=&unit_id=&limit=50
--   scope STATUSES                      GET ?[status=]&limit=50 (commune operator)
--   search QUERIES                      GET ?q=&limit=50
--
-- Lists are comma-separated; in STATUSES an empty item means "no status
-- filter"; QUERIES separates queries with commas and words with "+".
-- Each thread draws from its own random sequence. The Authorization
-- header comes from wrk -H.

local counter = 0
local nthreads = 0
local mode, items, body_parts = nil, {}, {}

-- In the main state: number the threads; each thread state then sees
-- its number as the global tid.
function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
end

local function split(s, sep)
	local out = {}
	if s == nil or s == "" then
		return out
	end
	for part in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do
		table.insert(out, part)
	end
	return out
end

local function pick(t)
	return t[math.random(#t)]
end

local titles = {
	"Tấn công giả mạo thư điện tử công vụ",
	"Phát hiện mã độc trên máy trạm",
	"Truy cập trái phép vào cổng dịch vụ công",
	"Mất kết nối Internet của trung tâm dữ liệu",
	"Tấn công từ chối dịch vụ vào cổng thông tin điện tử",
}

function init(args)
	math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
	tid = tid or 0
	for _ = 1, 10 do math.random() end
	mode = args[1]
	if mode == "create" then
		body_parts.now = tonumber(args[2])
		body_parts.units = split(args[3], ",")
		body_parts.types = split(args[4], ",")
		wrk.method = "POST"
		wrk.headers["Content-Type"] = "application/json"
	elseif mode == "get" then
		for line in io.lines(args[2]) do
			if line ~= "" then
				table.insert(items, "/api/v1/incidents/" .. line)
			end
		end
	elseif mode == "list" then
		for _, u in ipairs(split(args[2], ",")) do
			for _, t in ipairs(split(args[3], ",")) do
				for _, s in ipairs(split(args[4], ",")) do
					table.insert(items, "/api/v1/incidents?status=" .. s ..
						"&type=" .. t .. "&unit_id=" .. u .. "&limit=50")
				end
			end
		end
	elseif mode == "scope" then
		local statuses = split(args[2], ",")
		if #statuses == 0 then
			statuses = { "" }
		end
		for _, s in ipairs(statuses) do
			if s == "" then
				table.insert(items, "/api/v1/incidents?limit=50")
			else
				table.insert(items, "/api/v1/incidents?status=" .. s ..
					"&limit=50")
			end
		end
	elseif mode == "search" then
		for _, q in ipairs(split(args[2], ",")) do
			table.insert(items, "/api/v1/incidents?q=" ..
				(q:gsub("%+", "%%20")) .. "&limit=50")
		end
	end
	if mode ~= "create" and #items == 0 then
		error("requests.lua: nothing to request for mode " .. tostring(mode))
	end
end

function request()
	if mode == "create" then
		counter = counter + 1
		local types = body_parts.types
		local body = string.format(
			'{"title":"%s (bench %d-%d-%d)","description":"Tạo bởi ' ..
			'bench/incidents: phát hiện dấu hiệu bất thường, đang xác ' ..
			'minh.","detected_at":"%s","unit_id":%s,"types":["%s"],' ..
			'"tlp":"AMBER","priority":"P3"}',
			pick(titles), tid, counter, math.random(1000000000),
			os.date("!%Y-%m-%dT%H:%M:%SZ",
				body_parts.now - math.random(3600, 7 * 86400)),
			pick(body_parts.units), pick(types))
		return wrk.format("POST", "/api/v1/incidents", nil, body)
	end
	return wrk.format("GET", pick(items))
end
