local _M = {}

function _M.hello(name)
    return "hello, " .. name .. " from " .. ngx.config.ngx_lua_version
end

return _M
