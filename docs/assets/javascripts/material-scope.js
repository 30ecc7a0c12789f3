// Material's inline head script (mkdocs-material 9.8, partials/javascripts/base.html)
// as a file, for a Content-Security-Policy without 'unsafe-inline' (#28). The scope
// comes from the script element's data-md-scope (the page's base_url).
__md_scope=new URL(document.currentScript.dataset.mdScope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
